import { isConnected, type Person, type SessionState } from '../../../shared/domain/state.js';
import { useI18n, type MessageKey } from '../i18n/i18n.js';
import type { ReactNode } from 'react';
import { own, ownEach } from '../../../shared/domain/keyed.js';
import { rosterCountsOf } from '../../../shared/domain/people/roster.js';

export function useRoleLabel() {
  const { t } = useI18n();
  return (p: Pick<Person, 'role' | 'side' | 'label'>) => {
    const key = (p.role === 'moderator' ? `role.moderator.${p.side ?? 'onsite'}` : `role.${p.role}`) as MessageKey;
    return p.label ? `${t(key)}, ${p.label}` : t(key);
  };
}

/** Rows a roster list renders at once: a session of thousands is searched (console), not scrolled through. */
export const ROSTER_PAGE = 200;

/**
 * Who a roster lists. A participant's view holds part of the roster (its room, the staff: it has `rosterCounts`),
 * and people who left its room stay in it until the next snapshot: list the staff and its room's people only.
 */
export function listedPeople(state: SessionState, me: string | null): Person[] {
  const people = ownEach(state.people, state.roster).filter((p) => p && !p.removed);
  const mine = me ? own(state.people, me) : undefined;
  if (!state.rosterCounts || !mine) return people;
  return people.filter((p) => p.role !== 'participant' || p.roomId === mine.roomId || p.id === me);
}

/** The live roster in join order: name, role label, onsite/online marker and whether connected now (in words, not colour only). */
export function Roster({ state, me, actions }: { state: SessionState; me: string | null; actions?: (p: Person) => ReactNode }) {
  const { t } = useI18n();
  const roleLabel = useRoleLabel();
  const people = listedPeople(state, me);
  const total = rosterCountsOf(state).people;
  const shown = people.slice(0, ROSTER_PAGE);
  const dup = duplicateNumbers(people);
  return (
    <section aria-labelledby="roster-title" className="card">
      <h2 id="roster-title">
        {t('roster.title')} ({total})
      </h2>
      <ul className="roster" data-testid="roster">
        {shown.map((p) => {
          const on = isConnected(p);
          return (
            <li key={p.id} data-person={p.id} className={on ? 'on' : 'off'}>
              <span className="who">
                <bdi className="name">{p.name}</bdi>
                {dup.has(p.id) && (
                  <span className="dup" title={t('roster.duplicate')}>
                    {' '}
                    ({dup.get(p.id)})<span className="visually-hidden">, {t('roster.duplicate')}</span>
                  </span>
                )}{' '}
                <span className="role">({roleLabel(p)})</span>
                {p.id === me && <span className="you"> · {t('roster.you')}</span>}
              </span>
              <span className="meta">
                {/* Observers watch from anywhere: "online" would count them among the online participants. */}
                {p.role !== 'observer' && <span className="modality">{p.modality === 'onsite' ? t('roster.onsite') : t('roster.online')}</span>}
                <span className="presence">
                  <span aria-hidden="true">{on ? '●' : '○'}</span> {on ? t('roster.connected') : t('roster.notConnected')}
                </span>
              </span>
              {actions && <span className="actions">{actions(p)}</span>}
            </li>
          );
        })}
      </ul>
      {total > shown.length && (
        <p className="muted" data-testid="roster-more">
          {t('roster.more', { n: total - shown.length })}
        </p>
      )}
    </section>
  );
}

/**
 * People who share a display name (compared without case and outer spaces) get their number among them in join
 * order: "Maria (1)", "Maria (2)". Names are never changed; this only tells them apart on screen.
 */
export function duplicateNumbers(people: readonly Pick<Person, 'id' | 'name'>[]): Map<string, number> {
  const byName = new Map<string, string[]>();
  for (const p of people) {
    const k = p.name.trim().toLocaleLowerCase();
    byName.set(k, [...(byName.get(k) ?? []), p.id]);
  }
  const out = new Map<string, number>();
  for (const ids of byName.values()) if (ids.length > 1) ids.forEach((id, i) => out.set(id, i + 1));
  return out;
}
