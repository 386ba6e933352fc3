/** The organiser key, entered once per browser and shared by the organiser and coordinator pages. */
export const ORGANISER_KEY_STORAGE = 'dr:organiserKey';

export function getOrganiserKey(): string | null {
  try {
    return localStorage.getItem(ORGANISER_KEY_STORAGE);
  } catch {
    return null;
  }
}

/** Saves the key (null or empty forgets it). */
export function setOrganiserKey(key: string | null): void {
  try {
    if (key) localStorage.setItem(ORGANISER_KEY_STORAGE, key);
    else localStorage.removeItem(ORGANISER_KEY_STORAGE);
  } catch {
    // Storage off (private mode): the key lasts for this page only.
  }
}
