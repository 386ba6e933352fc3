import './plenary.css';
import type { ReactNode } from 'react';
import type { PublishedSheet, SessionState } from '../../../../shared/domain/state.js';
import { useI18n } from '../../i18n/i18n.js';
import { ownEach } from '../../../../shared/domain/keyed.js';
import { sectionTitle } from './sectionTitle.js';
import { paragraphsOf } from './paragraphs.js';

/**
 * "Published by the groups": the sheets moderators published to the plenary, read-only, labelled with the
 * group's name (phones, observers, console). The console passes its per-paragraph and per-sheet actions, so
 * their code stays out of the phone's download.
 */
export function PublishedSheets({
  state,
  paragraphAction,
  sheetAction,
}: {
  state: SessionState;
  paragraphAction?: (sheet: PublishedSheet, section: string, index: number) => ReactNode;
  sheetAction?: (sheet: PublishedSheet) => ReactNode;
}) {
  const { t } = useI18n();
  const sheets = ownEach(state.published ?? {}, state.publishedOrder ?? []);
  if (!sheets.length) return null;
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
                <p key={i} dir="auto">
                  <bdi>{para}</bdi> {paragraphAction?.(sheet, s.key, i)}
                </p>
              ))}
            </div>
          ))}
          {sheetAction?.(sheet)}
        </article>
      ))}
    </section>
  );
}
