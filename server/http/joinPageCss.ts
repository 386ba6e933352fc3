import { PurgeCSS } from 'purgecss';
import { renderJoinedPage, renderJoinPage, type JoinFormValues, type JoinPageInput } from './joinPageHtml.js';

/**
 * The part of the app's stylesheet the server-written join page uses. The whole entry stylesheet (16 KB,
 * 4 KB compressed) was most of the page's bytes before first paint; on a 400 kbit/s link every KB is 20 ms.
 * The page inlines only the rules whose selectors match its own markup, in every variant it can take (each
 * state, left-to-right and right-to-left), and loads the whole stylesheet unapplied for the app, which
 * applies it before it renders (client/src/views/joinAdoption.ts, `applyAppStylesheet`).
 */
export async function joinPageCss(fullCss: string): Promise<string> {
  const [result] = await new PurgeCSS().purge({
    content: joinPageVariants().map((html) => ({ raw: html, extension: 'html' })),
    css: [{ raw: fullCss }],
    // Custom properties and keyframes are cheap and referenced indirectly; keep them whole.
    variables: false,
    keyframes: false,
    fontFace: false,
  });
  return result?.css ?? fullCss;
}

const values: JoinFormValues = { code: 'ABC123', name: 'Ana', modality: 'onsite', table: '4', nameInReport: true };

/** Every shape the server writes: empty, filled with an error, with a custom notice and a hotline, joined; en and ar. */
function joinPageVariants(): string[] {
  const pages: string[] = [];
  for (const lang of ['en', 'ar']) {
    const base: JoinPageInput = { lang, title: null, values: { ...values, code: '', name: '', modality: null, table: '', nameInReport: false }, error: null, privacyNotice: null, sessionLanguages: [], hotline: null, joinId: 'x' };
    pages.push(renderJoinPage(base, null).html);
    pages.push(renderJoinPage({ ...base, title: 'T', values, error: 'join.error.INVALID_JOIN_CODE', privacyNotice: { en: 'n' }, sessionLanguages: ['en'], hotline: '+1 555' }, null).html);
    pages.push(renderJoinedPage({ lang, title: 'T', name: 'Ana', code: 'ABC123', token: 't' }, null).html);
  }
  return pages;
}
