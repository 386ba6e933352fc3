import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { own, ownEach } from '../../../../shared/domain/keyed.js';
import { sectionTitle } from './sectionTitle.js';
import { paragraphsOf } from './paragraphs.js';
import '../wall/wall.css';

/**
 * "Published by the groups": the sheets moderators published to the plenary, read-only, labelled with the
 * group's name (phones, observers, console). Moderators also get "add to recommendations" per paragraph and
 * "withdraw".
 */
export function PublishedSheets({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const sheets = ownEach(state.published ?? {}, state.publishedOrder ?? []);
  if (!sheets.length) return null;
  const isMod = (conn.personId && own(state.people, conn.personId)?.role) === 'moderator';
  return (
    <section className="card published-sheets" aria-labelledby="published-title" data-testid="published-sheets">
      <h2 id="published-title">{t('plenary.published')}</h2>
      {sheets.map((sheet) => (
        <article key={sheet.roomId} className="plenary-sheet" data-testid={`published-${sheet.roomId}`}>
          <h3>
            <bdi>{sheet.groupName}</bdi>
          </h3>
          {sheet.sections.map((s) => (
            <div key={s.key}>
              <h4>{sectionTitle(t, s.key)}</h4>
              {paragraphsOf(s.text).map((para, i) => (
                <p key={i}>
                  <bdi>{para}</bdi>
                  {isMod && (
                    <>
                      {' '}
                      <button type="button" className="small" onClick={() => void conn.request('plenary:recommend', { roomId: sheet.roomId, section: s.key, paragraph: i })}>
                        {t('plenary.addToRecommendations')}
                      </button>
                    </>
                  )}
                </p>
              ))}
            </div>
          ))}
          {isMod && (
            <button type="button" onClick={() => void conn.request('plenary:unpublish', { roomId: sheet.roomId })}>
              {t('plenary.unpublish')}
            </button>
          )}
        </article>
      ))}
    </section>
  );
}
