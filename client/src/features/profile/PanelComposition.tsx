import type { SessionState } from '../../../../shared/domain/state.js';
import { pickLocalized, useI18n } from '../../i18n/i18n.js';
import './profile.css';

/**
 * The moderators' view of who took part: per profile question, counts by option and modality as the server
 * sends them (every 5 answers, counts under 5 already shown as "< 5", a second one "hidden" where needed).
 * Never a breakdown of poll results.
 */
export function PanelComposition({ state }: { state: SessionState }) {
  const { t, lang } = useI18n();
  const questions = state.profile?.questions ?? [];
  if (questions.length === 0) return null;
  const comp = state.profile?.composition ?? null;
  const text = (x: string | Record<string, string>) => pickLocalized(x, lang, state.languages).text;
  const cell = (c: number | string) => (c === 'hidden' ? t('profile.hidden') : String(c));
  return (
    <section className="card panel-composition" aria-labelledby="composition-title" data-testid="panel-composition">
      <h2 id="composition-title">{t('profile.composition')}</h2>
      {!comp ? (
        <p>{t('profile.waiting')}</p>
      ) : (
        <>
          <p className="meta">{t('profile.threshold')}</p>
          {comp.questions.map((q) => (
            <table key={q.id}>
              <caption>{text(q.question)}</caption>
              <thead>
                <tr>
                  <th scope="col">{t('profile.answer')}</th>
                  <th scope="col">{t('polls.onsite')}</th>
                  <th scope="col">{t('polls.online')}</th>
                  <th scope="col">{t('profile.total')}</th>
                </tr>
              </thead>
              <tbody>
                {q.rows.map((r, i) => (
                  <tr key={i}>
                    <th scope="row">{i === q.rows.length - 2 ? t('profile.preferNot') : i === q.rows.length - 1 ? t('profile.noAnswer') : text(r)}</th>
                    {q.cells[i].map((c, k) => (
                      <td key={k} className="n">
                        {cell(c)}
                      </td>
                    ))}
                  </tr>
                ))}
              </tbody>
            </table>
          ))}
        </>
      )}
    </section>
  );
}
