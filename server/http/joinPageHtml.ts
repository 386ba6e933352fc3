import { createHash } from 'node:crypto';
import en from '../../client/src/i18n/en.json';
import fr from '../../client/src/i18n/fr.json';
import es from '../../client/src/i18n/es.json';
import ar from '../../client/src/i18n/ar.json';
import { own } from '../../shared/domain/keyed.js';

/**
 * The join page as HTML, written by the server (issue 21): the form shows and takes typing before the script
 * arrives, and posts as a plain form without it. Same markup and class names as client/src/views/JoinView.tsx,
 * which adopts the typed values when it loads (client/src/views/joinAdoption.ts). The same dictionaries as the
 * client, so a text is translated once.
 */
type MessageKey = keyof typeof en;
const DICTIONARIES: Record<string, Record<string, string>> = { en, fr, es, ar };
const LANGUAGE_NAMES: ReadonlyArray<[string, string]> = [
  ['en', 'English'],
  ['fr', 'Français'],
  ['es', 'Español'],
  ['ar', 'العربية'],
];
const RTL = new Set(['ar']);

export function t(lang: string, key: MessageKey, vars?: Record<string, string>): string {
  const text = own(DICTIONARIES, lang)?.[key] ?? en[key];
  // As the client's translate(): names inside a sentence are bidi-isolated (FSI…PDI).
  return vars ? text.replace(/\{(\w+)\}/g, (_, k: string) => `\u2068${own(vars, k) ?? ''}\u2069`) : text;
}

export function isMessageKey(key: string): key is MessageKey {
  return Object.prototype.hasOwnProperty.call(en, key);
}

/**
 * The page's language: `?lang=` when it names a dictionary, else the first of the browser's languages
 * (Accept-Language, by q) that the session offers and we have a dictionary for, else the first of them we
 * have a dictionary for, else the session's first language we have, else English.
 */
export function pickPageLanguage(acceptLanguage: string | undefined, sessionLanguages: readonly string[] | null, queryLang?: string): string {
  if (queryLang && own(DICTIONARIES, queryLang)) return queryLang;
  const offered = (sessionLanguages ?? Object.keys(DICTIONARIES)).map((l) => l.toLowerCase().split('-')[0]).filter((l) => own(DICTIONARIES, l));
  const wanted = (acceptLanguage ?? '')
    .slice(0, 500)
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().split(';');
      const q = params.map((p) => p.trim().match(/^q=([0-9.]+)$/)?.[1]).find(Boolean);
      return { base: tag.trim().toLowerCase().split('-')[0], q: q === undefined ? 1 : Number(q), i };
    })
    .filter((w) => w.base && w.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const w of wanted) if (offered.includes(w.base)) return w.base;
  // The session's languages are those of its content (polls, agenda); the page's own words exist in every
  // dictionary, so a person whose language the session does not list still reads the form in it.
  for (const w of wanted) if (own(DICTIONARIES, w.base)) return w.base;
  return offered[0] ?? 'en';
}

export function escapeHtml(s: string): string {
  return s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export const cspHash = (text: string) => `'sha256-${createHash('sha256').update(text, 'utf8').digest('base64')}'`;

/**
 * Rules only the server-written page needs (the app's stylesheet is inlined before them): without the script
 * the chosen "where" box is highlighted and the table field hidden until "in the room" is chosen, through
 * `:has()` (a browser without it shows the table field: harmless). The privacy and hotline lines stay after
 * the script took over, so their rules are here too (this style element stays in the head).
 */
const PAGE_CSS = [
  '.choice:has(input:checked){border-color:var(--accent);box-shadow:inset 0 0 0 2px var(--accent);font-weight:700}',
  '.join-form:not(:has(input[name=modality][value=onsite]:checked)) .table-field{display:none}',
  '.join .privacy{color:var(--muted);font-size:.95rem;margin:1.25rem 0 0}',
  '.join .hotline{margin:.5rem 0 0}',
  '.join .hotline a{display:inline-flex;align-items:center;min-height:44px;min-width:44px;font-weight:700;unicode-bidi:isolate}',
  '.top form.lang{display:flex;flex-wrap:wrap;justify-content:flex-end;gap:.25rem;align-items:center}',
  // Without JavaScript the picker has its own button (noscript): the header may then take two lines.
  '.top:has(form.lang button){flex-wrap:wrap}',
  '.top form.lang button{white-space:nowrap;border-color:#fff}',
].join('\n');

export interface PageAssets {
  /** `<script type="module">` and `<link rel="modulepreload">` tags of the built client (deferred by nature). */
  scriptTags: string;
  /** The rules of the app's stylesheet the join page uses (server/http/joinPageCss.ts): inlined, so first paint needs no second request. */
  css: string;
  /** The app's whole stylesheets: named on the page (`data-app-css`), fetched by the app's script before it renders. */
  appCssHrefs?: string[];
}

export interface RenderedPage {
  html: string;
  /** CSP source expressions the page's inline style (and script) need. */
  styleHash: string;
  scriptHash?: string;
}

function styleOf(assets: PageAssets | null): string {
  return `${assets?.css ?? ''}\n${PAGE_CSS}`;
}

function shell(lang: string, title: string, body: string, assets: PageAssets | null, opts: { withScript: boolean; inlineScript?: string }): RenderedPage {
  const style = styleOf(assets);
  const dir = RTL.has(lang) ? 'rtl' : 'ltr';
  // After the form, so the page paints first; fetched beside the script, so the app need not wait for them after it.
  const preloads = opts.withScript && assets?.appCssHrefs ? assets.appCssHrefs.map((h) => `<link rel="preload" as="style" href="${escapeHtml(h)}">`).join('') : '';
  // data-server-lang: the app starts in the language the page was written in (unless the person chose one).
  const html =
    `<!doctype html>\n<html lang="${lang}" dir="${dir}" data-server-lang="${lang}"${opts.withScript && assets?.appCssHrefs ? ` data-app-css="${escapeHtml(assets.appCssHrefs.join(' '))}"` : ''}><head><meta charset="utf-8">` +
    `<meta name="viewport" content="width=device-width, initial-scale=1"><meta name="theme-color" content="#1d3557">` +
    `<title>${escapeHtml(title)}</title><style>${style}</style>${opts.withScript && assets ? assets.scriptTags : ''}</head>` +
    `<body><div id="root">${body}</div>${opts.inlineScript ? `<script>${opts.inlineScript}</script>` : ''}${preloads}</body></html>`;
  return { html, styleHash: cspHash(style), ...(opts.inlineScript ? { scriptHash: cspHash(opts.inlineScript) } : {}) };
}

function topBar(lang: string, title: string, query: { code: string } | null): string {
  const options = LANGUAGE_NAMES.map(([code, name]) => `<option value="${code}" lang="${code}"${code === lang ? ' selected' : ''}>${name}</option>`).join('');
  // Without the script the picker is a small GET form (its button only without JavaScript); with it, React's picker replaces it.
  const picker = query
    ? `<form method="get" class="lang" action="/join${query.code ? `/${encodeURIComponent(query.code)}` : ''}"><label class="lang"><span class="visually-hidden">${escapeHtml(t(lang, 'common.language'))}</span>` +
      `<select name="lang" aria-label="${escapeHtml(t(lang, 'common.language'))}">${options}</select></label><noscript><button type="submit">${escapeHtml(t(lang, 'join.languageGo'))}</button></noscript></form>`
    : '';
  return `<header class="top"><span class="title">${escapeHtml(title)}</span>${picker}</header>`;
}

export interface JoinFormValues {
  code: string;
  name: string;
  modality: 'onsite' | 'online' | null;
  table: string;
  nameInReport: boolean;
}

export interface JoinPageInput {
  lang: string;
  /** The session's title, or null when the code is unknown or absent (then the app's name). */
  title: string | null;
  values: JoinFormValues;
  /** A dictionary key (join.error.*, join.chooseWhere) shown above the button. */
  error: MessageKey | null;
  privacyNotice: Record<string, string> | null;
  sessionLanguages: readonly string[];
  hotline: string | null;
  joinId: string;
}

/** The join form, as JoinView renders it, plus the privacy line and the hotline. */
export function renderJoinPage(input: JoinPageInput, assets: PageAssets | null): RenderedPage {
  const { lang, values: v } = input;
  const tt = (key: MessageKey) => escapeHtml(t(lang, key));
  const title = input.title ?? t(lang, 'app.name');
  const custom = input.privacyNotice ? pickNotice(input.privacyNotice, lang, input.sessionLanguages) : null;
  const radio = (m: 'onsite' | 'online') =>
    `<label class="choice${v.modality === m ? ' selected' : ''}"><input type="radio" name="modality" value="${m}"${v.modality === m ? ' checked' : ''}${m === 'onsite' ? ' required' : ''}><span>${tt(m === 'onsite' ? 'join.onsite' : 'join.online')}</span></label>`;
  const form =
    `<form method="post" action="/join${v.code ? `/${encodeURIComponent(v.code)}` : ''}" class="stack join-form" data-server-join data-title="${escapeHtml(input.title ?? '')}">` +
    `<input type="hidden" name="joinId" value="${escapeHtml(input.joinId)}">` +
    `<label class="field"><span>${tt('join.code')}</span><input name="code" value="${escapeHtml(v.code)}" autocapitalize="characters" autocomplete="off" required maxlength="12" inputmode="text" dir="ltr"></label>` +
    `<label class="field"><span>${tt('join.name')}</span><input name="name" value="${escapeHtml(v.name)}" autocomplete="nickname" required maxlength="60" aria-describedby="name-hint"><small id="name-hint">${tt('join.nameHint')}</small></label>` +
    `<fieldset class="field"><legend>${tt('join.where')}</legend><div class="choice-row">${radio('onsite')}${radio('online')}</div></fieldset>` +
    `<label class="field table-field"><span>${tt('join.table')}</span><input name="table" value="${escapeHtml(v.table)}" maxlength="20" inputmode="numeric"></label>` +
    `<label class="field check"><input type="checkbox" name="nameInReport" value="on"${v.nameInReport ? ' checked' : ''}> ${tt('join.nameInReport')}</label>` +
    `<div aria-live="assertive">${input.error ? `<p id="join-error" class="alert" data-testid="join-error" data-error-key="${input.error}">${tt(input.error)}</p>` : ''}</div>` +
    `<button type="submit" class="primary">${tt('join.submit')}</button></form>`;
  const privacy = `<p class="privacy" data-testid="privacy-notice"${custom ? ` lang="${custom.lang}" data-custom` : ''}>${escapeHtml(custom?.text ?? t(lang, 'join.privacyDefault'))}</p>`;
  const hotline = input.hotline ? `<p class="hotline" data-testid="hotline">${tt('join.hotline')} <a href="tel:${escapeHtml(input.hotline.replace(/[^+0-9]/g, ''))}" dir="ltr">${escapeHtml(input.hotline)}</a></p>` : '';
  const body =
    `<div class="app join">${topBar(lang, title, { code: v.code })}<main class="page narrow" id="main">` +
    `<h1>${tt('join.title')}</h1><p class="intro">${tt('join.intro')}</p>${form}${privacy}${hotline}</main></div>`;
  return shell(lang, title, body, assets, { withScript: true });
}

/**
 * After a plain form post joined: the token goes to the phone's storage and the live page opens (a static
 * inline script, allowed by its hash); without JavaScript, a clear message and a link carrying the token in
 * its fragment (never sent to a server), which the app stores when it loads (client/src/net/tokens.ts).
 */
const JOINED_SCRIPT =
  "(function(){var a=document.getElementById('continue');try{localStorage.setItem('dr:token:participant',a.dataset.token);" +
  "localStorage.setItem('dr:joined',JSON.stringify({code:a.dataset.code,name:a.dataset.name}));location.replace('/p')}catch(e){location.replace(a.href)}})()";

export function renderJoinedPage(input: { lang: string; title: string; name: string; code: string; token: string }, assets: PageAssets | null): RenderedPage {
  const { lang } = input;
  const body =
    `<div class="app join">${topBar(lang, input.title, null)}<main class="page narrow" id="main">` +
    `<h1 data-testid="joined">${escapeHtml(t(lang, 'join.joinedAs', { name: input.name }))}</h1>` +
    `<noscript><p class="alert" data-testid="noscript">${escapeHtml(t(lang, 'join.noscript'))}</p></noscript>` +
    `<p><a class="button primary" id="continue" href="/p#token=${encodeURIComponent(input.token)}" data-token="${escapeHtml(input.token)}" data-code="${escapeHtml(input.code)}" data-name="${escapeHtml(input.name)}">${escapeHtml(t(lang, 'join.continue'))}</a></p>` +
    `</main></div>`;
  return shell(lang, input.title, body, assets, { withScript: false, inlineScript: JOINED_SCRIPT });
}

function pickNotice(notices: Record<string, string>, lang: string, sessionLanguages: readonly string[]): { text: string; lang: string } | null {
  for (const l of [lang, ...sessionLanguages, 'en']) {
    const text = own(notices, l);
    if (text?.trim()) return { text, lang: l };
  }
  return null;
}
