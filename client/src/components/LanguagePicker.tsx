import { LANGUAGES, useI18n } from '../i18n/i18n.js';

export function LanguagePicker() {
  const { lang, setLang, t } = useI18n();
  return (
    <label className="lang">
      <span className="visually-hidden">{t('common.language')}</span>
      <select value={lang} onChange={(e) => setLang(e.target.value)} aria-label={t('common.language')}>
        {LANGUAGES.map((l) => (
          <option key={l.code} value={l.code} lang={l.code}>
            {l.name}
          </option>
        ))}
      </select>
    </label>
  );
}
