import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import * as Y from 'yjs';
import { createSession, joinSession, observerToken, projectorToken } from '../helpers/servers.js';
import { useServers } from '../helpers/fixture.js';
import { eventually, type TestClient } from '../helpers/clients.js';
import { PLENARY_ID, type SessionState } from '../../shared/domain/state.js';
import { applyLocalValue } from '../../client/src/features/worksheet/textBinding.js';

const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const bytes = (s: string) => new Uint8Array(Buffer.from(s, 'base64'));
const liveEvents = (c: TestClient) => c.raw.filter((r) => r.event === 'session:event').map((r) => r.args[0] as { type: string; data: unknown });

/** A member's editor: the room's Y.Doc, kept like the web client keeps it. */
function writer(c: TestClient, roomId: string) {
  const doc = new Y.Doc();
  const pending: Array<Promise<{ ok: boolean }>> = [];
  c.socket.on('worksheet:update', (m: { roomId: string; update: string }) => {
    if (m.roomId === roomId) Y.applyUpdate(doc, bytes(m.update), 'remote');
  });
  doc.on('update', (u: Uint8Array, origin: unknown) => {
    if (origin === 'local') pending.push(c.request('worksheet:update', { roomId, update: b64(u) }));
  });
  return {
    doc,
    async open() {
      const res = await c.request('worksheet:open', { roomId });
      expect(res.ok).toBe(true);
      Y.applyUpdate(doc, bytes(res.update), 'remote');
    },
    type: (value: string, section = 'hopes') => applyLocalValue(doc.getText(section), value, 'local'),
    text: (section = 'hopes') => doc.getText(section).toString(),
    async flushed() {
      for (const a of await Promise.all(pending.splice(0))) expect(a).toMatchObject({ ok: true });
    },
  };
}

const publishedText = (s: SessionState, roomId: string, key = 'hopes') => s.published?.[roomId]?.sections.find((x) => x.key === key)?.text;

describe('[PL] from the groups to the plenary (two instances, real Redis)', () => {
  const t = useServers();

  async function setup() {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    const people = await Promise.all(Array.from({ length: 6 }, (_, i) => joinSession(i % 2 ? b : a, session.joinCode, `P${i}`)));
    await mod.ready();
    expect((await mod.request('rooms:autoAssign', { mode: 'balanced', groups: 2 })).ok).toBe(true);
    expect((await mod.request('rooms:open', { countdownSeconds: 0 })).ok).toBe(true);
    await mod.until((s) => people.every((p) => s.people[p.personId].roomId !== PLENARY_ID));
    const groups = mod.state!.roomOrder.filter((id) => mod.state!.rooms[id].kind === 'breakout');
    const group2 = groups[1];
    const roomOf = (i: number) => mod.state!.people[people[i].personId].roomId;
    const mates = people.filter((_, i) => roomOf(i) === group2);
    const outsider = people.find((_, i) => roomOf(i) !== group2)!;
    // Group 2's members type on instance B; the moderator publishes from A.
    const m1 = t.client(b.url, mates[0].token);
    const m2 = t.client(b.url, mates[1].token);
    const other = t.client(a.url, outsider.token);
    const observer = t.client(b.url, (await observerToken(b, session.observerUrl, 'Obs')).token);
    const projector = t.client(a.url, projectorToken(session.projectorUrl));
    await Promise.all([m1, m2, other, observer, projector].map((c) => c.ready()));
    return { a, b, session, mod, group2, m1, m2, other, observer, projector };
  }

  it('[PL1] a moderator on A publishes group 2 while its members type on B: every screen converges to the published text; drafts never reach observers, the projector or other groups', async () => {
    const { mod, group2, m1, m2, other, observer, projector } = await setup();
    const tag = randomBytes(4).toString('hex');
    const w1 = writer(m1, group2);
    const w2 = writer(m2, group2);
    await Promise.all([w1.open(), w2.open()]);
    w1.type(`Clean air for all ${tag}\nSafe bike lanes ${tag}`);
    await w1.flushed();
    await eventually(() => expect(w2.text()).toContain('Safe bike lanes'));

    // Typing goes on on B while the moderator publishes on A.
    const typing = (async () => {
      for (let i = 0; i < 15; i++) {
        w2.type(`${w2.text()}!`, 'fears');
        await new Promise((r) => setTimeout(r, 10));
      }
      await w2.flushed();
    })();
    const pub = await mod.request('plenary:publish', { roomId: group2 });
    expect(pub).toMatchObject({ ok: true });
    await typing;

    await mod.until((s) => !!s.published?.[group2]);
    const sheet = mod.state!.published![group2];
    expect(sheet.groupName).toBe(mod.state!.rooms[group2].name);
    expect(publishedText(mod.state!, group2)).toBe(`Clean air for all ${tag}\nSafe bike lanes ${tag}`);
    for (const c of [m1, m2, other, observer, projector]) {
      await c.until((s) => JSON.stringify(s.published?.[group2]) === JSON.stringify(sheet), 10_000);
    }

    // Drafts after the publication stay in the group; so does the plenary's recommendations draft.
    const DRAFT = `draft-after-publish-${tag}`;
    w1.type(`${w1.text()}\n${DRAFT}`);
    await w1.flushed();
    await eventually(() => expect(w2.text()).toContain(DRAFT));
    expect((await mod.request('plenary:recommend', { roomId: group2, section: 'hopes', paragraph: 1, cid: `rec-${tag}-1` })).ok).toBe(true);
    // A retry of the same command adds nothing.
    expect((await mod.request('plenary:recommend', { roomId: group2, section: 'hopes', paragraph: 1, cid: `rec-${tag}-1` })).ok).toBe(true);
    expect((await mod.request('plenary:recommend', { roomId: group2, section: 'hopes', paragraph: 0, cid: `rec-${tag}-2` })).ok).toBe(true);
    const plenary = await mod.request('worksheet:open', { roomId: PLENARY_ID });
    const doc = new Y.Doc();
    Y.applyUpdate(doc, bytes(plenary.update));
    const group = sheet.groupName;
    expect(doc.getText('recommendations').toString()).toBe(`Safe bike lanes ${tag} (from ${group})\nClean air for all ${tag} (from ${group})\n`);

    // One tap: a draft poll whose options are the recommendations (moderators only until opened).
    const made = await mod.request('plenary:pollFromRecommendations', {});
    expect(made.ok).toBe(true);
    await mod.until((s) => !!s.polls[made.pollId]);
    expect(mod.state!.polls[made.pollId]).toMatchObject({ kind: 'multiple', status: 'draft', maxChoices: 2, options: [`Safe bike lanes ${tag} (from ${group})`, `Clean air for all ${tag} (from ${group})`] });

    // Live: no draft text, no worksheet update and no draft poll reached the observer, the projector or the other group.
    for (const [who, c] of Object.entries({ observer, projector, other })) {
      const live = JSON.stringify(c.raw);
      expect({ who, leaks: live.includes(DRAFT) }).toEqual({ who, leaks: false });
      expect({ who, updates: c.raw.filter((r) => r.event === 'worksheet:update').length }).toEqual({ who, updates: 0 });
      expect({ who, poll: live.includes(made.pollId) }).toEqual({ who, poll: false });
      // Replays and snapshots, too.
      const snapshot = await c.request('session:sync', { sinceSeq: null });
      const replay = await c.request('session:sync', { sinceSeq: 0 });
      expect(snapshot.replay.kind).toBe('snapshot');
      expect(replay.replay.kind).toBe('events');
      const text = JSON.stringify([snapshot, replay]);
      expect({ who, leaks: text.includes(DRAFT) || text.includes('(from ') }).toEqual({ who, leaks: false });
      expect(publishedText(snapshot.replay.state, group2)).toBe(publishedText(mod.state!, group2));
      expect((replay.replay.events as Array<{ type: string }>).map((e) => e.type)).toContain('plenary:published');
      // Observers and the projector may not open any sheet at all.
      if (who !== 'other') expect((await c.request('worksheet:open', { roomId: group2 })).ok).toBe(false);
    }
    // The group's members did get the draft (so the check above could fail).
    expect(w2.text()).toContain(DRAFT);

    // Publishing again replaces the snapshot; the wall shows it; unpublishing takes it off the wall everywhere.
    expect((await mod.request('plenary:publish', { roomId: group2, sections: ['hopes'] })).ok).toBe(true);
    await observer.until((s) => (publishedText(s, group2) ?? '').includes(DRAFT), 10_000);
    expect(observer.state!.publishedOrder).toEqual([group2]);
    expect((await mod.request('wall:show', { content: { kind: 'sheet', roomId: group2 } })).ok).toBe(true);
    await projector.until((s) => s.wall?.kind === 'sheet', 10_000);
    expect((await mod.request('plenary:unpublish', { roomId: group2 })).ok).toBe(true);
    for (const c of [projector, observer, m1, other]) await c.until((s) => !s.published?.[group2] && (s.wall ?? null) === null, 10_000);
    expect((await mod.request('wall:show', { content: { kind: 'sheet', roomId: group2 } })).error.code).toBe('NOT_FOUND');
    expect(liveEvents(projector).filter((e) => e.type.startsWith('chat:'))).toEqual([]);
  }, 60_000);

  it('[PL2] a poll with results hidden until revealed: nothing on the wall, phones or observers until the reveal, then the same tally everywhere', async () => {
    const [a, b] = t.servers;
    const session = await createSession(a);
    const mod = t.client(a.url, session.onsiteModeratorToken);
    const voters = await Promise.all(['V1', 'V2', 'V3'].map((n, i) => joinSession(i % 2 ? b : a, session.joinCode, n)));
    const phones = voters.map((v, i) => t.client(i % 2 ? b.url : a.url, v.token));
    const observer = t.client(b.url, (await observerToken(b, session.observerUrl, 'Obs')).token);
    const projector = t.client(b.url, projectorToken(session.projectorUrl));
    await Promise.all([mod, ...phones, observer, projector].map((c) => c.ready()));
    const { pollId } = await mod.request('polls:create', { poll: { kind: 'single', question: 'Bus or tram?', options: ['Bus', 'Tram'], resultsVisibility: 'never' } });
    expect((await mod.request('polls:open', { pollId })).ok).toBe(true);
    for (const [i, p] of phones.entries()) {
      await p.until((s) => s.polls[pollId]?.status === 'open');
      expect((await p.request('polls:vote', { pollId, ballot: { choices: [i === 0 ? 0 : 1] } })).ok).toBe(true);
    }
    const tallies = (c: TestClient) => c.raw.filter((r) => r.event === 'poll:results' && (r.args[0] as { pollId: string }).pollId === pollId).map((r) => (r.args[0] as { overall: { counts: number[] } }).overall.counts);
    // The moderators see the live tally (so the checks below could fail)...
    await eventually(() => expect(tallies(mod).at(-1)).toEqual([1, 2]), 5000);
    // ...and the wall may show the question while the votes come in, but receives no tally.
    expect((await mod.request('wall:show', { content: { kind: 'poll', pollId } })).ok).toBe(true);
    await projector.until((s) => s.wall?.kind === 'poll');
    // A screen that connects now gets no tally either (the sync hook follows the same rule).
    const lateObserver = t.client(a.url, (await observerToken(a, session.observerUrl, 'Late')).token);
    await lateObserver.ready();
    const lateMod = t.client(b.url, session.onlineModeratorToken);
    await lateMod.ready();
    await eventually(() => expect(tallies(lateMod).at(-1)).toEqual([1, 2]), 5000);
    for (const c of [...phones, observer, projector, lateObserver]) {
      expect(tallies(c)).toEqual([]);
      const snap = await c.request('session:sync', { sinceSeq: null });
      expect(snap.replay.state.pollResults[pollId]).toBeUndefined();
    }

    // Reveal (results switch to live): every screen gets the same tally at once, and the wall may show it.
    expect((await mod.request('polls:setVisibility', { pollId, resultsVisibility: 'live' })).ok).toBe(true);
    for (const c of [...phones, observer, projector, lateObserver]) await eventually(() => expect(tallies(c).at(-1)).toEqual([1, 2]), 5000);
    expect((await mod.request('polls:close', { pollId })).ok).toBe(true);
    for (const c of [...phones, observer, projector]) await c.until((s) => s.pollResults[pollId]?.overall.counts.join() === '1,2', 10_000);
  }, 60_000);

  it('[PL3] agenda parts carry a prompt per language and https links to their material; anything else is refused', async () => {
    const [a] = t.servers;
    const session = await createSession(a, { title: 'Prompts', agenda: [{ title: 'Data and disinformation', minutes: 20 }] });
    const mod = t.client(a.url, session.onsiteModeratorToken);
    await mod.ready();
    const partId = mod.state!.agenda[0].id;
    const prompt = { en: 'How important is data in combating disinformation?', fr: 'Quelle importance ont les données contre la désinformation ?' };
    const materials = [{ title: 'Briefing video', url: 'https://example.org/video' }, { title: 'Glossaire', url: 'https://example.org/glossaire', lang: 'fr' }];
    expect((await mod.request('agenda:setPrompt', { partId, prompt, materials })).ok).toBe(true);
    for (const url of ['http://example.org/x', 'javascript:alert(1)', 'ftp://example.org/x']) {
      const res = await mod.request('agenda:setPrompt', { partId, prompt: 'x', materials: [{ title: 'bad', url }] });
      expect({ url, code: res.error?.code }).toEqual({ url, code: 'BAD_REQUEST' });
    }
    expect((await mod.request('agenda:setPrompt', { partId: 'no-such-part', prompt: 'x' })).error.code).toBe('NOT_FOUND');
    const phone = t.client(a.url, (await joinSession(a, session.joinCode, 'Ana')).token);
    await phone.ready();
    await phone.until((s) => !!s.agenda[0].prompt);
    expect(phone.state!.agenda[0]).toMatchObject({ prompt, materials });
  });
});
