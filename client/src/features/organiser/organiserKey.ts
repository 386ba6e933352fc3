/** The organiser key, entered once per browser and shared by the organiser and coordinator pages. */
export const ORGANISER_KEY_STORAGE = 'dr:organiserKey';

export function loadOrganiserKey(): string {
  try {
    return localStorage.getItem(ORGANISER_KEY_STORAGE) ?? '';
  } catch {
    return '';
  }
}

export function saveOrganiserKey(key: string): void {
  try {
    if (key) localStorage.setItem(ORGANISER_KEY_STORAGE, key);
    else localStorage.removeItem(ORGANISER_KEY_STORAGE);
  } catch {
    /* private mode: the key lives for this page only */
  }
}
