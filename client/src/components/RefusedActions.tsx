import type { SessionConnection } from '../net/connection.js';
import type { RefusedAction } from '../net/refusedActions.js';
import type { SessionState } from '../../../shared/domain/state.js';
import { DICTIONARIES, pickLocalized, useI18n, type MessageKey } from '../i18n/i18n.js';

/** Long texts are cut: the notice names the action, it does not repeat it. */
const EXCERPT = 60;

/**
 * The actions the server definitely refused after they had waited in the outbox (a vote on a poll that closed
 * during an outage): which action, why, in the person's language. Each stays, across reloads, until the person
 * taps "OK, understood": someone who put the phone down while it waited must still learn it did not count.
 * Each notice is an alert, so a screen reader reads it when it appears.
 */
export function RefusedActions({ conn }: { conn: SessionConnection }) {
  const { t, lang } = useI18n();
  const items = conn.refused.list();
  if (!items.length) return null;
  return (
    <div className="refused-list">
      {items.map((r) => (
        <div key={r.cid} className="refused" role="alert" data-testid="refused" data-code={r.error.code} data-command={r.name}>
          <p id={`refused-${r.cid}`}>
            <strong>
              <span aria-hidden="true">✕ </span>
              {t('outbox.refused.title')}
            </strong>{' '}
            {describeAction(r, conn.state, lang, t)}. {t(reasonKey(r.error.code))}
          </p>
          <button type="button" aria-describedby={`refused-${r.cid}`} onClick={() => conn.dismissRefused(r.cid)}>
            {t('outbox.dismiss')}
          </button>
        </div>
      ))}
    </div>
  );
}

type T = (key: MessageKey, vars?: Record<string, string | number>) => string;

/** Names the action as the person knows it: the poll's question, the start of the message. */
export function describeAction(r: Pick<RefusedAction, 'name' | 'payload'>, state: SessionState | null, lang: string, t: T): string {
  const p = r.payload;
  switch (r.name) {
    case 'polls:vote': {
      const poll = typeof p.pollId === 'string' && state && Object.hasOwn(state.polls, p.pollId) ? state.polls[p.pollId] : null;
      return poll ? t('outbox.action.vote', { question: excerpt(pickLocalized(poll.question, lang, state!.languages).text) }) : t('outbox.action.votePoll');
    }
    case 'chat:send':
      return typeof p.text === 'string' ? t('outbox.action.chat', { text: excerpt(p.text) }) : t('outbox.action.other');
    case 'queue:raise':
      return t('outbox.action.raiseHand');
    case 'help:request':
      return t('outbox.action.help');
    case 'worksheet:update':
      return t('outbox.action.worksheet');
    default:
      return t('outbox.action.other');
  }
}

function excerpt(s: string): string {
  const one = s.replace(/\s+/g, ' ').trim();
  return one.length > EXCERPT ? `${one.slice(0, EXCERPT - 1)}…` : one;
}

function reasonKey(code: string): MessageKey {
  const key = `outbox.reason.${code}`;
  return (key in DICTIONARIES.en ? key : 'outbox.reason.other') as MessageKey;
}
