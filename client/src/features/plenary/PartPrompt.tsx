import type { SessionState } from '../../../../shared/domain/state.js';
import { pickLocalized, useI18n } from '../../i18n/i18n.js';
import { PollText } from '../polls/localized.js';

/**
 * The running part's prompt and links to its material, in the person's language when given (else the
 * session's first language). Links for another language only are left out, unless none is for theirs.
 */
export function PartPrompt({ state }: { state: SessionState }) {
  const { t, lang } = useI18n();
  const part = state.agenda.find((p) => p.id === state.agendaRun.currentId);
  if (!part || (!part.prompt && !part.materials?.length)) return null;
  const prompt = part.prompt ? pickLocalized(part.prompt, lang, state.languages) : null;
  const all = part.materials ?? [];
  const mine = all.filter((m) => !m.lang || m.lang === lang);
  const links = mine.some((m) => m.lang === lang) || !all.some((m) => m.lang) ? mine : all.filter((m) => !m.lang || m.lang === state.languages[0]);
  return (
    <section className="card part-prompt" aria-labelledby="part-prompt-title" data-testid="part-prompt">
      <h2 id="part-prompt-title">
        <PollText value={part.title} languages={state.languages} />
      </h2>
      {prompt?.text && (
        <p className="prompt" lang={prompt.lang ?? undefined}>
          <bdi>{prompt.text}</bdi>
        </p>
      )}
      {links.length > 0 && (
        <>
          <h3>{t('plenary.materials')}</h3>
          <ul>
            {links.map((m, i) => (
              <li key={i}>
                <a href={m.url} target="_blank" rel="noopener noreferrer" lang={m.lang}>
                  <bdi>{m.title}</bdi>
                </a>
              </li>
            ))}
          </ul>
        </>
      )}
    </section>
  );
}
