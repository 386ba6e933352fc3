import { describe, expect, it } from 'vitest';
import { cspHash, pickPageLanguage, renderJoinedPage, renderJoinPage } from '../../server/http/joinPageHtml.js';
import { CreateSessionBody, JoinFormBody } from '../../shared/protocol/http.js';

const values = { code: 'ABCD2345', name: '', modality: null, table: '', nameInReport: false } as const;
const input = { lang: 'en', title: 'River <banks>', values, error: null, privacyNotice: null, sessionLanguages: ['en', 'fr'], hotline: null, joinId: 'j'.repeat(22) };

describe('[JP] the server-written join page', () => {
  it('[JP1] picks the language from Accept-Language by q, the session languages first, then any dictionary', () => {
    expect(pickPageLanguage('fr-CH, fr;q=0.9, en;q=0.8', ['en', 'fr'])).toBe('fr');
    expect(pickPageLanguage('en;q=0.5, es;q=0.9', ['en', 'es'])).toBe('es');
    // Arabic is not among the session's languages, but the form's words exist in Arabic.
    expect(pickPageLanguage('ar', ['en'])).toBe('ar');
    expect(pickPageLanguage('de-DE, de', ['fr', 'en'])).toBe('fr');
    expect(pickPageLanguage(undefined, null)).toBe('en');
    expect(pickPageLanguage('en', ['en'], 'ar')).toBe('ar');
    expect(pickPageLanguage('ar;q=0, fr', null, '__proto__')).toBe('fr');
  });

  it('[JP2] escapes what people and organisers typed, and hashes exactly the inline style it wrote', () => {
    const page = renderJoinPage({ ...input, values: { ...values, name: '"><script>x</script>' } }, { scriptTags: '', css: 'body{color:red}' });
    expect(page.html).not.toContain('<script>x');
    expect(page.html).toContain('River &lt;banks&gt;');
    const style = page.html.match(/<style>([\s\S]*?)<\/style>/)![1];
    expect(page.styleHash).toBe(cspHash(style));
    expect(page.html).toContain('<html lang="en" dir="ltr"');
  });

  it('[JP3] the organisers\' notice in the page language (else a session language), the default sentence when none, the hotline as a tel: link', () => {
    const custom = renderJoinPage({ ...input, lang: 'ar', privacyNotice: { fr: 'Avis', ar: 'إشعار' }, hotline: '+33 (1) 23-45' }, null).html;
    expect(custom).toContain('lang="ar" data-custom>إشعار</p>');
    expect(custom).toContain('href="tel:+3312345"');
    expect(custom).toContain('dir="rtl"');
    const fallback = renderJoinPage({ ...input, lang: 'es', privacyNotice: { fr: 'Avis' } }, null).html;
    expect(fallback).toContain('lang="fr" data-custom>Avis</p>');
    expect(renderJoinPage(input, null).html).toContain('Who sees your name: the moderators');
  });

  it('[JP4] the joined page carries the token for its static script and the no-script link', () => {
    const a = renderJoinedPage({ lang: 'en', title: 'T', name: 'Zoé', code: 'ABCD2345', token: 'tok.sig' }, null);
    const b = renderJoinedPage({ lang: 'en', title: 'T', name: 'Other', code: 'ABCD2345', token: 'other.sig' }, null);
    expect(a.html).toContain('href="/p#token=tok.sig"');
    // One hash for every joined page: the script is static, the data is in attributes.
    expect(a.scriptHash).toBe(b.scriptHash);
  });

  it('[JP5] session creation takes an optional privacy notice per language and a hotline number', () => {
    expect(CreateSessionBody.safeParse({ title: 'T', privacyNotice: { en: 'Only moderators see names.' }, hotline: '+44 20 7946 0000' }).success).toBe(true);
    expect(CreateSessionBody.safeParse({ title: 'T', privacyNotice: { english: 'x' } }).success).toBe(false);
    expect(CreateSessionBody.safeParse({ title: 'T', privacyNotice: { en: 'x'.repeat(401) } }).success).toBe(false);
    expect(CreateSessionBody.safeParse({ title: 'T', hotline: 'call me maybe' }).success).toBe(false);
    expect(JoinFormBody.safeParse({ code: 'A', name: 'B', modality: 'online', joinId: 'x', extra: 'ignored' }).success).toBe(true);
  });
});
