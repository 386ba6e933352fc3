import { InlineAsk } from '../../components/InlineAsk.js';
import { useState } from 'react';
import { isConnected, type SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { Countdown } from './time.js';
import { BroadcastForm } from './BroadcastForm.js';
import { own, ownEach } from '../../../../shared/domain/keyed.js';

/** All rooms with head-counts, the group plan, open/recall with a countdown, broadcast and visits. */
export function RoomsBoard({ state, conn }: { state: SessionState; conn: SessionConnection }) {
  const { t } = useI18n();
  const [groups, setGroups] = useState(4);
  const [size, setSize] = useState(6);
  const [countdown, setCountdown] = useState(30);
  const [minutes, setMinutes] = useState(20);
  const [feedback, setFeedback] = useState('');
  const me = conn.personId ? own(state.people, conn.personId) : null;
  const people = ownEach(state.people, state.roster).filter((p) => p && !p.removed);
  const movable = people.filter((p) => p.role === 'participant' || p.role === 'facilitator');
  const run = state.roomsRun;
  const act = async (p: Promise<{ ok: boolean; error?: { message: string } }>) => {
    const res = await p;
    setFeedback(res.ok ? t('rooms.done') : `${t('rooms.refused')}: ${res.error?.message ?? ''}`);
  };
  // Questions asked in place (InlineAsk), one at a time: a new group's name, or a room's call link.
  const [asking, setAsking] = useState<null | { kind: 'newRoom' } | { kind: 'link'; roomId: string; current: string | null } | { kind: 'rename'; roomId: string; current: string }>(null);
  // Deleting a group asks once more in place (no confirm()): the second button press deletes.
  const [deleting, setDeleting] = useState<string | null>(null);
  const membersOf = (rid: string) => movable.filter((p) => (run.open ? p.roomId === rid : own(run.groupOf, p.id) === rid));
  const dropOn = (rid: string | null) => (e: React.DragEvent) => {
    e.preventDefault();
    const personId = e.dataTransfer.getData('text/x-person');
    if (personId) void act(conn.request('rooms:assign', { personId, roomId: rid }));
  };
  const editLink = (roomId: string, current: string | null) => setAsking({ kind: 'link', roomId, current });
  const saveLink = (roomId: string, link: string) => {
    setAsking(null);
    void act(conn.request('rooms:update', { roomId, callLink: link && link !== 'https://' ? link : null }));
  };
  return (
    <section className="card rooms-board" aria-labelledby="rooms-title">
      <h2 id="rooms-title">{t('rooms.title')}</h2>
      <p role="status" aria-live="polite" className="muted">
        {feedback}
      </p>
      <table className="rooms-table">
        <thead>
          <tr>
            <th scope="col">{t('rooms.room')}</th>
            <th scope="col">{t('rooms.present')}</th>
            <th scope="col">{t('rooms.planned')}</th>
            <th scope="col">{t('rooms.actions')}</th>
          </tr>
        </thead>
        <tbody>
          {state.roomOrder.map((rid) => {
            const r = own(state.rooms, rid);
            if (!r) return null;
            const inRoom = people.filter((p) => p.roomId === rid);
            const planned = Object.values(run.groupOf).filter((g) => g === rid).length;
            const fac = r.facilitatorId ? own(state.people, r.facilitatorId)?.name : null;
            return (
              <tr key={rid} data-room={rid} onDragOver={(e) => e.preventDefault()} onDrop={dropOn(r.kind === 'breakout' ? rid : null)}>
                <th scope="row">
                  {r.kind === 'plenary' ? t('rooms.plenary') : r.name}
                  {r.modality && <small> · {r.modality === 'online' ? t('roster.online') : t('roster.onsite')}</small>}
                  {fac && <small> · {t('rooms.facilitator', { name: fac })}</small>}
                  {r.callLink && <small> · {t('rooms.hasCall')}</small>}
                  {r.kind === 'breakout' && (
                    <ul className="room-members" aria-label={t('rooms.members', { room: r.name })} data-testid="room-members">
                      {membersOf(rid).map((p) => (
                        <li key={p.id} draggable onDragStart={(e) => e.dataTransfer.setData('text/x-person', p.id)} className={isConnected(p) ? 'on' : 'off'}>
                          <bdi>{p.name}</bdi>
                        </li>
                      ))}
                    </ul>
                  )}
                </th>
                <td>
                  {inRoom.filter(isConnected).length}/{inRoom.length}
                </td>
                <td>{r.kind === 'breakout' ? planned : '–'}</td>
                <td className="actions">
                  {r.kind === 'breakout' && (
                    <>
                      <button type="button" aria-pressed={me?.visiting === rid} onClick={() => void act(conn.request('rooms:visit', { roomId: me?.visiting === rid ? null : rid }))}>
                        {me?.visiting === rid ? t('rooms.leaveVisit') : t('rooms.visit')}
                      </button>
                      <button type="button" onClick={() => editLink(rid, r.callLink)}>
                        {t('rooms.callLink')}
                      </button>
                      <button type="button" onClick={() => setAsking({ kind: 'rename', roomId: rid, current: r.name })}>
                        {t('rooms.rename')}
                      </button>
                      {deleting === rid ? (
                        <>
                          <button type="button" className="danger" data-testid="room-delete-confirm" onClick={() => { setDeleting(null); void act(conn.request('rooms:delete', { roomId: rid })); }}>
                            {t('rooms.deleteConfirm', { room: r.name })}
                          </button>
                          <button type="button" onClick={() => setDeleting(null)}>
                            {t('common.cancel')}
                          </button>
                        </>
                      ) : (
                        <button type="button" className="danger" data-testid="room-delete" onClick={() => setDeleting(rid)}>
                          {t('rooms.delete')}
                        </button>
                      )}
                      <label className="inline">
                        <span className="visually-hidden">{t('rooms.setFacilitator', { room: r.name })}</span>
                        <select value={r.facilitatorId ?? ''} onChange={(e) => void act(conn.request('rooms:update', { roomId: rid, facilitatorId: e.target.value || null }))}>
                          <option value="">{t('rooms.noFacilitator')}</option>
                          {movable.map((p) => (
                            <option key={p.id} value={p.id}>
                              {p.name}
                            </option>
                          ))}
                        </select>
                      </label>
                    </>
                  )}
                </td>
              </tr>
            );
          })}
        </tbody>
      </table>
      {asking?.kind === 'link' && (
        <InlineAsk
          label={t('rooms.callLinkPrompt')}
          initial={asking.current ?? 'https://'}
          maxLength={500}
          testId="room-link-form"
          onSubmit={(link) => saveLink(asking.roomId, link)}
          onCancel={() => setAsking(null)}
        />
      )}
      {asking?.kind === 'rename' && (
        <InlineAsk
          label={t('rooms.renamePrompt')}
          initial={asking.current}
          required
          maxLength={40}
          testId="room-rename-form"
          onSubmit={(name) => {
            setAsking(null);
            void act(conn.request('rooms:update', { roomId: asking.roomId, name }));
          }}
          onCancel={() => setAsking(null)}
        />
      )}
      {asking?.kind === 'newRoom' ? (
        <InlineAsk
          label={t('rooms.newRoomName')}
          required
          maxLength={40}
          submitLabel={t('rooms.create')}
          testId="new-room-form"
          onSubmit={(name) => {
            setAsking(null);
            void act(conn.request('rooms:create', { name }));
          }}
          onCancel={() => setAsking(null)}
        />
      ) : (
        <button type="button" onClick={() => setAsking({ kind: 'newRoom' })}>
          {t('rooms.create')}
        </button>
      )}

      <h3>{t('rooms.assignTitle')}</h3>
      <div className="row">
        <label>
          {t('rooms.groupCount')}
          <input type="number" min={1} max={100} value={groups} onChange={(e) => setGroups(Number(e.target.value) || 1)} />
        </label>
        <button type="button" onClick={() => void act(conn.request('rooms:autoAssign', { mode: 'balanced', groups }))}>
          {t('rooms.autoBalanced')}
        </button>
      </div>
      <div className="row">
        <label>
          {t('rooms.groupSize')}
          <input type="number" min={2} max={50} value={size} onChange={(e) => setSize(Number(e.target.value) || 2)} />
        </label>
        <button type="button" onClick={() => void act(conn.request('rooms:autoAssign', { mode: 'tablesAndOnline', size }))}>
          {t('rooms.autoTables')}
        </button>
      </div>
      <details>
        <summary>{t('rooms.byHand', { n: movable.length })}</summary>
        <ul className="plain">
          {movable.map((p) => (
            <li key={p.id} className="row">
              <label htmlFor={`assign-${p.id}`}>
                {p.name} ({p.modality === 'online' ? t('roster.online') : t('roster.onsite')}
                {p.table ? `, ${t('rooms.table', { n: p.table })}` : ''})
              </label>
              <select id={`assign-${p.id}`} value={own(run.groupOf, p.id) ?? ''} onChange={(e) => void act(conn.request('rooms:assign', { personId: p.id, roomId: e.target.value || null }))}>
                <option value="">{t('rooms.noGroup')}</option>
                {state.roomOrder.filter((rid) => own(state.rooms, rid)?.kind === 'breakout').map((rid) => (
                  <option key={rid} value={rid}>
                    {own(state.rooms, rid)?.name}
                  </option>
                ))}
              </select>
            </li>
          ))}
        </ul>
      </details>

      <h3>{t('rooms.moveTitle')}</h3>
      <div className="row">
        <label>
          {t('rooms.countdownSeconds')}
          <input type="number" min={0} max={600} value={countdown} onChange={(e) => setCountdown(Math.max(0, Number(e.target.value) || 0))} />
        </label>
        <label>
          {t('rooms.breakoutMinutes')}
          <input type="number" min={0} max={240} value={minutes} aria-describedby="breakout-end-hint" onChange={(e) => setMinutes(Math.max(0, Number(e.target.value) || 0))} />
        </label>
      </div>
      <p id="breakout-end-hint" className="hint">{t('rooms.breakoutEndHint')}</p>
      <div className="row">
        {!run.open && (
          <button type="button" className="primary" disabled={!!run.pendingMove} onClick={() => void act(conn.request('rooms:open', { countdownSeconds: countdown, minutes }))}>
            {t('rooms.open')}
          </button>
        )}
        {run.open && (
          <button type="button" className="primary" disabled={!!run.pendingMove} onClick={() => void act(conn.request('rooms:recall', { countdownSeconds: countdown }))}>
            {t('rooms.recall')}
          </button>
        )}
        {run.pendingMove && (
          <button type="button" onClick={() => void act(conn.request('rooms:cancelMove', {}))}>
            {t('rooms.cancelMove')}
          </button>
        )}
      </div>
      {run.pendingMove && <Countdown conn={conn} endsAt={run.pendingMove.at} label={run.pendingMove.kind === 'open' ? t('rooms.openingIn') : t('rooms.recallIn')} />}
      {run.open && <Countdown conn={conn} endsAt={run.breakoutEndsAt} label={t('rooms.breakoutEndsIn')} />}

      <BroadcastForm state={state} conn={conn} />
    </section>
  );
}
