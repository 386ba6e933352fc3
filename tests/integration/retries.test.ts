import { describe, expect, it } from 'vitest';
import { createSession, joinSession } from '../helpers/servers.js';
import { useServers } from '../helpers/fixture.js';

describe('[F6] a command retried after a lost ack', () => {
  const t = useServers();

  it('gets the first answer, on any instance, and changes nothing more', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const onA = t.client(a.url, session.onsiteModeratorToken);
    const onB = t.client(b.url, session.onsiteModeratorToken);
    await Promise.all([onA.ready(), onB.ready()]);

    const create = { poll: { kind: 'yesno', question: 'Shall we take a break?' }, cid: 'create-poll-000001' };
    const first = await onA.request('polls:create', create);
    expect(first).toMatchObject({ ok: true });
    const again = await onB.request('polls:create', create);
    expect(again).toEqual(first); // same poll id: no second poll
    await onA.until((s) => Object.keys(s.polls).length === 1);

    const open = { pollId: first.pollId, cid: 'open-poll-0000001' };
    const opened = await onA.request('polls:open', open);
    expect(opened.ok).toBe(true);
    // Without the remembered ack this would be CONFLICT ("no longer a draft").
    expect(await onB.request('polls:open', open)).toEqual(opened);

    const p = await joinSession(a, session.joinCode, 'Late');
    const rename = { personId: p.personId, name: 'Late but here', cid: 'rename-00000001' };
    const renamed = await onA.request('people:rename', rename);
    expect(await onB.request('people:rename', rename)).toEqual(renamed);
    const log = await a.app.store.readLog(session.sessionId, 0);
    expect(log.filter((e) => e.type === 'poll:drafted')).toHaveLength(1);
    expect(log.filter((e) => e.type === 'poll:opened')).toHaveLength(1);
    expect(log.filter((e) => e.type === 'person:renamed')).toHaveLength(1);

    // The same command id from another person is another command.
    const other = t.client(b.url, session.onlineModeratorToken);
    await other.ready();
    const theirs = await other.request('polls:create', create);
    expect(theirs.pollId).not.toBe(first.pollId);
  });
});
