/**
 * The join page arrives written by the server (server/http/joinPageHtml.ts) and a person may type into it
 * before this script arrives. Just before React replaces that markup, the values typed so far, the focused
 * field and its caret are read here; JoinView starts from them and the focus is put back, so nothing typed is
 * lost and the keyboard stays where it was. Read and replace happen in one task (main.tsx renders with
 * flushSync), so no keystroke can fall between them.
 */
export interface AdoptedJoinForm {
  code: string;
  name: string;
  modality: 'onsite' | 'online' | null;
  table: string;
  nameInReport: boolean;
  /** The session title the server showed (empty when the code was unknown). */
  title: string;
  /** The error the server showed (a dictionary key), e.g. a wrong code. */
  errorKey: string | null;
  /** The privacy line the organisers wrote (null: the default sentence), and its language. */
  privacy: { text: string; lang: string | null } | null;
  hotline: string | null;
  focus: { selector: string; start: number | null; end: number | null } | null;
}

let adopted: AdoptedJoinForm | null = null;

/** Reads the server-written join form, if the page has one. Call once, before the first render. */
export function captureServerJoinForm(doc: Document = document): AdoptedJoinForm | null {
  const form = doc.querySelector<HTMLFormElement>('form[data-server-join]');
  if (!form) return null;
  const field = (name: string) => form.elements.namedItem(name);
  const text = (name: string) => {
    const el = field(name);
    return el instanceof HTMLInputElement ? el.value : '';
  };
  const checked = form.querySelector<HTMLInputElement>('input[name=modality]:checked')?.value;
  const consent = field('nameInReport');
  const active = doc.activeElement;
  const privacy = doc.querySelector<HTMLElement>('[data-testid=privacy-notice][data-custom]');
  adopted = {
    code: text('code'),
    name: text('name'),
    modality: checked === 'onsite' || checked === 'online' ? checked : null,
    table: text('table'),
    nameInReport: consent instanceof HTMLInputElement && consent.checked,
    title: form.dataset.title ?? '',
    errorKey: form.querySelector<HTMLElement>('[data-error-key]')?.dataset.errorKey ?? null,
    privacy: privacy ? { text: privacy.textContent ?? '', lang: privacy.getAttribute('lang') } : null,
    hotline: doc.querySelector('[data-testid=hotline] a')?.textContent ?? null,
    focus:
      active instanceof HTMLInputElement && active.form === form && active.name
        ? { selector: active.type === 'radio' ? `input[name=modality][value=${active.value}]` : `input[name=${active.name}]`, start: safeSelection(active, 'start'), end: safeSelection(active, 'end') }
        : null,
  };
  return adopted;
}

/** What was captured (null when the page was not server-written). */
export function adoptedJoinForm(): AdoptedJoinForm | null {
  return adopted;
}

/** After the first render: the field the person was in gets the focus and caret back. */
export function restoreJoinFocus(doc: Document = document): void {
  const f = adopted?.focus;
  if (!f) return;
  const el = doc.querySelector<HTMLInputElement>(`#root ${f.selector}`);
  if (!el) return;
  el.focus({ preventScroll: true });
  if (f.start !== null && f.end !== null) {
    try {
      el.setSelectionRange(f.start, f.end);
    } catch {
      /* radio and checkbox have no caret */
    }
  }
}

function safeSelection(el: HTMLInputElement, which: 'start' | 'end'): number | null {
  try {
    return which === 'start' ? el.selectionStart : el.selectionEnd;
  } catch {
    return null;
  }
}

/**
 * The server-written join page inlines only its own rules and names the app's whole stylesheets in
 * `data-app-css`; nothing else is fetched before its first paint. The app fetches those stylesheets and waits for
 * it before it renders its first view; a failed download leaves the page's own rules (the join view still reads).
 */
export function applyAppStylesheet(doc: Document = document): Promise<void> {
  const hrefs = (doc.documentElement.dataset.appCss ?? '').split(' ').filter(Boolean);
  if (!hrefs.length || doc.querySelector('link[data-app-css]')) return Promise.resolve();
  return Promise.all(
    hrefs.map((href) => {
      const link = doc.createElement('link');
      link.rel = 'stylesheet';
      link.href = href;
      link.dataset.appCss = '';
      const loaded = new Promise<void>((resolve) => {
        link.addEventListener('load', () => resolve(), { once: true });
        link.addEventListener('error', () => resolve(), { once: true });
      });
      doc.head.appendChild(link);
      return loaded;
    }),
  ).then(() => undefined);
}
