import { useDeferredValue, useState } from 'react';
import { isConnected, type Person, type SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { own, ownEach } from '../../../../shared/domain/keyed.js';
import { ROSTER_PAGE, useRoleLabel } from '../../components/Roster.js';
import { PersonActions } from '../../components/PersonActions.js';
import { InlineAsk } from '../../components/InlineAsk.js';

type Filter = 'all' | 'onsite' | 'online' | 'offline' | 'notSpoken' | `table:${string}`;

/** Lower case without accents, so "jose" finds "José" and "ozgur" finds "Özgür". */
const fold = (s: string) => s.normalize('NFD').replace(/\p{M}/gu, '').toLowerCase();

/** Whether the person had a turn in any room's queue (or has the floor now). */
export function hasSpoken(state: SessionState, personId: string): boolean {
  return ownEach(state.queues, state.roomOrder).some((q) => (own(q.spoken, personId) ?? 0) > 0 || q.current?.personId === personId);
}

/** Who passes the filter and the search (name, label, table or staff note). */
export function findPeople(state: SessionState, query: string, filter: Filter): Person[] {
  const q = fold(query.trim());
  return ownEach(state.people, state.roster).filter((p) => {
    if (p.removed) return false;
    if (filter === 'onsite' && p.modality !== 'onsite') return false;
    if (filter === 'online' && p.modality !== 'online') return false;
    if (filter === 'offline' && (isConnected(p) || p.role === 'moderator')) return false;
    if (filter === 'notSpoken' && (p.role !== 'participant' && p.role !== 'facilitator' ? true : hasSpoken(state, p.id))) return false;
    if (filter.startsWith('table:') && p.table !== filter.slice(6)) return false;
    if (!q) return true;
    return [p.name, p.label ?? '', p.table ?? '', own(state.staffNotes ?? {}, p.id) ?? ''].some((s) => fold(s).includes(q));
  });
}

/**
 * The console's roster for a hall of 100: search by name, label, table or note; filter (in the room, online, a
 * table, not connected, has not spoken); each row with the table, the room, the private staff note (moderators
 * only, never the public label) and the person actions. The list scrolls inside the People section; it renders
 * the first ROSTER_PAGE matches (a session of thousands is searched, not scrolled).
 */
export function PeopleFinder({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const roleLabel = useRoleLabel();
  const [query, setQuery] = useState('');
  const [filter, setFilter] = useState<Filter>('all');
  const [noting, setNoting] = useState<string | null>(null);
  const deferred = useDeferredValue(query);
  const tables = [...new Set(ownEach(state.people, state.roster).filter((p) => !p.removed && p.table).map((p) => p.table as string))].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  const all = ownEach(state.people, state.roster).filter((p) => !p.removed);
  const shown = findPeople(state, deferred, filter);
  const roomName = (id: string) => (id === 'plenary' ? t('rooms.plenary') : (own(state.rooms, id)?.name ?? ''));
  return (
    <section aria-labelledby="roster-title" className="card people-finder">
      <h2 id="roster-title">
        {t('roster.title')} ({all.length})
      </h2>
      <div className="finder-controls" role="search">
        <label className="field">
          <span>{t('people.search')}</span>
          <input type="search" value={query} onChange={(e) => setQuery(e.target.value)} data-testid="people-search" />
        </label>
        <label className="field">
          <span>{t('people.filter')}</span>
          <select value={filter} onChange={(e) => setFilter(e.target.value as Filter)} data-testid="people-filter">
            <option value="all">{t('people.filter.all')}</option>
            <option value="onsite">{t('people.filter.onsite')}</option>
            <option value="online">{t('people.filter.online')}</option>
            <option value="offline">{t('people.filter.offline')}</option>
            <option value="notSpoken">{t('people.filter.notSpoken')}</option>
            {tables.map((tb) => (
              <option key={tb} value={`table:${tb}`}>
                {t('rooms.table', { n: tb })}
              </option>
            ))}
          </select>
        </label>
      </div>
      <p className="muted" role="status" aria-live="polite" data-testid="people-count">
        {t('people.shown', { shown: shown.length, all: all.length })}
      </p>
      <ul className="roster" data-testid="roster">
        {shown.slice(0, ROSTER_PAGE).map((p) => {
          const on = isConnected(p);
          const note = own(state.staffNotes ?? {}, p.id);
          return (
            <li key={p.id} data-person={p.id} className={on ? 'on' : 'off'}>
              <span className="who">
                <span className="name">{p.name}</span> <span className="role">({roleLabel(p)})</span>
                {p.id === conn.personId && <span className="you"> · {t('roster.you')}</span>}
                {note && (
                  <span className="staff-note" data-testid="staff-note">
                    {' '}
                    · <span className="staff-note-tag">{t('people.staffNote')}</span> <bdi>{note}</bdi>
                  </span>
                )}
              </span>
              <span className="meta">
                <span className="modality">{p.modality === 'onsite' ? t('roster.onsite') : t('roster.online')}</span>
                {p.table && <span className="table">{t('rooms.table', { n: p.table })}</span>}
                {p.roomId !== 'plenary' && <span className="in-room">{roomName(p.roomId)}</span>}
                <span className="presence">
                  <span aria-hidden="true">{on ? '●' : '○'}</span> {on ? t('roster.connected') : t('roster.notConnected')}
                </span>
              </span>
              {p.role !== 'moderator' && (
                <span className="actions">
                  <PersonActions conn={conn} person={p} />
                  <button type="button" aria-label={t('people.noteFor', { name: p.name })} onClick={() => setNoting(noting === p.id ? null : p.id)}>
                    {t('people.note')}
                  </button>
                </span>
              )}
              {noting === p.id && (
                <InlineAsk
                  label={t('people.noteFor', { name: p.name })}
                  initial={note ?? ''}
                  maxLength={300}
                  testId="staff-note-form"
                  onSubmit={(v) => {
                    setNoting(null);
                    void conn.request('people:setNote', { personId: p.id, note: v || null });
                  }}
                  onCancel={() => setNoting(null)}
                />
              )}
            </li>
          );
        })}
      </ul>
      {shown.length > ROSTER_PAGE && (
        <p className="muted" data-testid="roster-more">
          {t('people.moreSearch', { n: shown.length - ROSTER_PAGE })}
        </p>
      )}
    </section>
  );
}
