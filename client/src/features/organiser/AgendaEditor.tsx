import { useI18n } from '../../i18n/i18n.js';
import type { SessionTemplate } from '../../../../shared/report/template.js';
import { OrderButtons, move } from './QuestionnaireBuilder.js';

/** One agenda part as the organiser edits it: a title and a phone prompt per session language. */
export interface DraftPart {
  key: number;
  title: Record<string, string>;
  prompt: Record<string, string>;
  minutes: number;
  room: 'plenary' | 'breakouts';
  /** What the editor does not show (worksheet sections, material links), kept as the template had it. */
  rest: Record<string, unknown>;
}
let partKey = 1;

type LocalText = string | Record<string, string>;
/** A template's plain text belongs to its first language (older templates and logs wrote one string). */
const asRecord = (t: LocalText | undefined, first: string): Record<string, string> => (t === undefined ? {} : typeof t === 'string' ? { [first]: t } : { ...t });

/**
 * The texts to send: only the checked languages that have one; a text in one language only stays a plain
 * string, as every template before per-language titles (and the phone shows it to everyone).
 */
export function localText(byLang: Record<string, string>, languages: string[]): LocalText | undefined {
  const entries = languages.map((l) => [l, (byLang[l] ?? '').trim()] as const).filter(([, v]) => v);
  if (entries.length === 0) return undefined;
  return entries.length === 1 ? entries[0][1] : Object.fromEntries(entries);
}

export function partsOfTemplate(tpl: SessionTemplate): DraftPart[] {
  const first = tpl.languages[0] ?? 'en';
  return tpl.agenda.map(({ title, prompt, minutes, room, ...rest }) => ({ key: partKey++, title: asRecord(title, first), prompt: asRecord(prompt, first), minutes, room: room ?? 'plenary', rest }));
}

/** The template's agenda; a part with no title in any checked language is left out (the server needs one). */
export function partsToAgenda(parts: DraftPart[], languages: string[]) {
  return parts.flatMap((p) => {
    const title = localText(p.title, languages);
    const prompt = localText(p.prompt, languages);
    const { prompt: _old, ...rest } = p.rest as { prompt?: unknown };
    return title === undefined ? [] : [{ ...rest, title, ...(prompt !== undefined ? { prompt } : {}), minutes: p.minutes, room: p.room }];
  });
}

/** The agenda editor: per part its title and prompt in each checked language, minutes, room, order. */
export function AgendaEditor(props: { parts: DraftPart[]; onChange(parts: DraftPart[]): void; languages: string[] }) {
  const { t } = useI18n();
  const { parts, onChange, languages } = props;
  const update = (i: number, patch: Partial<DraftPart>) => onChange(parts.map((p, k) => (k === i ? { ...p, ...patch } : p)));
  return (
    <fieldset className="field" data-testid="org-agenda">
      <legend>{t('org.agenda')}</legend>
      <ol className="org-list">
        {parts.map((p, i) => {
          const name = localText(p.title, languages);
          const label = (typeof name === 'string' ? name : name ? Object.values(name)[0] : '') || t('org.partTitle', { n: i + 1 });
          return (
            <li key={p.key} className="card org-part" data-testid="org-part">
              <h3 className="org-part-h">{t('org.partTitle', { n: i + 1 })}</h3>
              {languages.map((l, k) => (
                <div key={l} className="org-lang">
                  <label className="field">
                    <span>{t('org.partTitleIn', { lang: l.toUpperCase() })}</span>
                    <input lang={l} value={p.title[l] ?? ''} onChange={(e) => update(i, { title: { ...p.title, [l]: e.target.value } })} required={k === 0 && !localText(p.title, languages)} maxLength={120} data-testid={`org-part-title-${l}`} />
                  </label>
                  <label className="field">
                    <span>{t('org.partPrompt', { lang: l.toUpperCase() })}</span>
                    <textarea lang={l} rows={2} value={p.prompt[l] ?? ''} onChange={(e) => update(i, { prompt: { ...p.prompt, [l]: e.target.value } })} maxLength={300} data-testid={`org-part-prompt-${l}`} />
                  </label>
                </div>
              ))}
              <div className="org-row">
                <label className="field narrow">
                  <span>{t('org.minutes')}</span>
                  <input type="number" min={1} max={600} value={p.minutes} onChange={(e) => update(i, { minutes: Math.max(1, Number(e.target.value) || 1) })} />
                </label>
                <label className="field narrow">
                  <span>{t('org.room')}</span>
                  <select value={p.room} onChange={(e) => update(i, { room: e.target.value as DraftPart['room'] })}>
                    <option value="plenary">{t('org.room.plenary')}</option>
                    <option value="breakouts">{t('org.room.breakouts')}</option>
                  </select>
                </label>
                <OrderButtons i={i} n={parts.length} label={label} onMove={(by) => onChange(move(parts, i, by))} onDelete={() => onChange(parts.filter((_, k) => k !== i))} />
              </div>
            </li>
          );
        })}
      </ol>
      <button type="button" onClick={() => onChange([...parts, { key: partKey++, title: {}, prompt: {}, minutes: 15, room: 'plenary', rest: {} }])} data-testid="org-add-part">
        {t('org.addPart')}
      </button>
    </fieldset>
  );
}
