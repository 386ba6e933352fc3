import type { LocalizedText, Poll } from '../../../../shared/domain/polls/schemas.js';
import { pickLocalized, useI18n } from '../../i18n/i18n.js';

/**
 * A poll text that may be given per language ({ en, fr }): each person reads their own language, else the
 * session's languages in order (`languages`), else any. Rendered with a `lang` attribute when it is not in
 * the page's language, so screen readers switch voice. Always bidi-isolated (<bdi>): an English question
 * on an Arabic page keeps its own order ("…neighbourhood?", not "?neighbourhood").
 */
export function PollText({ value, languages }: { value: LocalizedText; languages: readonly string[] }) {
  const { lang } = useI18n();
  const p = pickLocalized(value, lang, languages);
  return p.lang && p.lang !== lang ? <bdi lang={p.lang}>{p.text}</bdi> : <bdi>{p.text}</bdi>;
}

/** The option labels of a poll in the person's language (used where only strings fit). */
export function localizedOptions(poll: Poll, lang: string, languages: readonly string[]): string[] {
  return poll.options.map((o) => pickLocalized(o, lang, languages).text);
}
