import { describe, expect, it } from 'vitest';
import { createSession, joinSession, observerToken, projectorToken, startCluster, type TestServer } from '../helpers/servers.js';
import { eventually, type TestClient } from '../helpers/clients.js';
import { useServers } from '../helpers/fixture.js';

/** Agenda deadlines, chat limits, the moderator bridge and the help desk across two instances. */
describe('[A] agenda, chat, bridge and help on two instances', () => {
  const t = useServers();
  const client = (i: number, token: string) => t.client(t.servers[i % 2].url, token);

  async function setup(n: number) {
    const session = await createSession(t.servers[0], { agenda: [{ title: 'Welcome', minutes: 15 }, { title: 'Round 1', minutes: 20, room: 'breakouts' }] });
    const onsite = client(0, session.onsiteModeratorToken);
    const online = client(1, session.onlineModeratorToken);
    const joins = await Promise.all(Array.from({ length: n }, (_, i) => joinSession(t.servers[i % 2], session.joinCode, `P${i}`, 'online')));
    const members = joins.map((j, i) => client(i, j.token));
    await Promise.all([onsite, online, ...members].map((c) => c.ready()));
    return { session, onsite, online, members, ids: joins.map((j) => j.personId) };
  }

  it('[A1] deadlines are identical on both instances; extending moves every client deadline', async () => {
    const { onsite, online, members } = await setup(3);
    const all = [onsite, online, ...members];
    expect((await onsite.request('agenda:start', {})).ok).toBe(true);
    await eventually(() => {
      for (const c of all) expect(c.state!.agendaRun.currentId).toBe('part-1');
    });
    const endsAt = onsite.state!.agendaRun.endsAt!;
    expect(endsAt - onsite.state!.agendaRun.startedAt!).toBe(15 * 60_000);
    for (const c of all) expect(c.state!.agendaRun.endsAt).toBe(endsAt);
    expect((await online.request('agenda:extend', { minutes: 5 })).ok).toBe(true);
    await eventually(() => {
      for (const c of all) expect(c.state!.agendaRun.endsAt).toBe(endsAt + 5 * 60_000);
    });
    // A client that reconnects gets the same deadline from its snapshot (no ticks are ever sent).
    const late = client(1, members[0].token);
    await late.ready(null);
    expect(late.state!.agendaRun.endsAt).toBe(endsAt + 5 * 60_000);
    // Ending a part records it and asks for a check-in tied to it.
    expect((await onsite.request('agenda:end', {})).ok).toBe(true);
    await online.until((s) => s.bridge.checkIns.some((c) => c.partId === 'part-1'));
    expect(members[1].state!.agendaRun.finished['part-1']).toBe('ended');
    expect(members[1].state!.bridge.checkIns).toHaveLength(0);
  });

  it('[A2] a highlight made on instance A reaches the onsite moderator on B; a check-in is stored with its part', async () => {
    const { session, onsite, online, members } = await setup(2);
    const obs = client(0, (await observerToken(t.servers[0], session.observerUrl)).token);
    const projector = client(1, projectorToken(session.projectorUrl));
    await Promise.all([obs.ready(), projector.ready()]);
    await onsite.request('agenda:start', {});
    const msg = await members[1].request('chat:send', { text: 'The bus lines matter most' });
    expect(msg.ok).toBe(true);
    await online.until((s) => s.chat.plenary?.some((m) => m.id === msg.messageId));
    // online moderator is on instance 1, onsite on instance 0.
    const h = await online.request('bridge:highlight', { source: { kind: 'chat', roomId: 'plenary', messageId: msg.messageId } });
    expect(h.ok).toBe(true);
    await onsite.until((s) => s.bridge.highlights.some((x) => x.id === h.highlightId));
    const got = onsite.state!.bridge.highlights.find((x) => x.id === h.highlightId)!;
    expect(got).toMatchObject({ text: 'The bus lines matter most', name: 'P1', personId: members[1].personId });
    expect(got.saidAt).toBeGreaterThan(0);
    expect(members[0].state!.bridge.highlights).toHaveLength(0);
    expect(obs.state!.bridge.highlights).toHaveLength(0);
    // The onsite moderator puts it on the projector.
    expect((await onsite.request('bridge:project', { highlightId: h.highlightId })).ok).toBe(true);
    await projector.until((s) => s.bridge.projected?.id === h.highlightId);
    // Check-in on demand, answered by the online moderator, stored with the running part.
    const ask = await onsite.request('bridge:askCheckIn', {});
    expect(ask.ok).toBe(true);
    await online.until((s) => s.bridge.checkIns.some((c) => c.id === ask.checkInId));
    const ans = await online.request('bridge:answerCheckIn', { checkInId: ask.checkInId, summary: 'Online agrees on buses', highlightIds: [h.highlightId] });
    expect(ans.ok).toBe(true);
    await onsite.until((s) => s.bridge.checkIns.find((c) => c.id === ask.checkInId)?.summary === 'Online agrees on buses');
    expect(onsite.state!.bridge.checkIns.find((c) => c.id === ask.checkInId)).toMatchObject({ partId: 'part-1', highlightIds: [h.highlightId] });
    // The moderators' channel never reaches participants or observers.
    await onsite.request('bridge:say', { text: 'private note to my duo' });
    await online.until((s) => s.bridge.messages.some((m) => m.text === 'private note to my duo'));
    await onsite.request('rooms:broadcast', { text: 'marker' });
    await obs.until((s) => s.roomsRun.broadcast?.text === 'marker');
    await members[0].until((s) => s.roomsRun.broadcast?.text === 'marker');
    for (const c of [obs, members[0], projector]) expect(JSON.stringify(c.raw)).not.toContain('private note to my duo');
  });

  it('[A3] a chat flood from one person is limited without affecting others; hidden messages disappear for participants', async () => {
    const { onsite, online, members } = await setup(2);
    const results = [];
    for (let i = 0; i < 8; i++) results.push(await members[0].request('chat:send', { text: `spam ${i}` }));
    expect(results.filter((r) => r.ok)).toHaveLength(5);
    expect(results.filter((r) => !r.ok).every((r) => r.error.code === 'RATE_LIMITED')).toBe(true);
    const other = await members[1].request('chat:send', { text: 'my honest view' });
    expect(other.ok).toBe(true);
    const tooLong = await members[1].request('chat:send', { text: 'x'.repeat(501) });
    expect(tooLong.error.code).toBe('BAD_REQUEST');
    const victim = results[0].messageId;
    await members[1].until((s) => s.chat.plenary?.some((m) => m.id === victim && m.text === 'spam 0'));
    // A participant may not hide.
    expect((await members[1].request('chat:hide', { roomId: 'plenary', messageId: victim, reason: 'x' })).error.code).toBe('FORBIDDEN');
    expect((await online.request('chat:hide', { roomId: 'plenary', messageId: victim, reason: 'spam' })).ok).toBe(true);
    await members[1].until((s) => s.chat.plenary.find((m) => m.id === victim)!.hidden);
    expect(members[1].state!.chat.plenary.find((m) => m.id === victim)!.text).toBe('');
    await onsite.until((s) => s.bridge.hiddenNotes[victim]?.reason === 'spam');
    expect(onsite.state!.bridge.hiddenNotes[victim].text).toBe('spam 0');
    expect(members[1].state!.bridge.hiddenNotes[victim]).toBeUndefined();
    // A snapshot after the hide has no text either.
    const again = client(0, members[1].token);
    await again.ready(null);
    expect(again.state!.chat.plenary.find((m) => m.id === victim)).toMatchObject({ hidden: true, text: '' });
    expect(again.state!.chat.plenary.some((m) => m.text === 'my honest view')).toBe(true);
  });

  it('[A4] reactions pulse reaches both moderators and three "can\'t hear" raise the alert', async () => {
    const { onsite, online, members } = await setup(3);
    // Reactions are counted in fixed one-minute windows: do not straddle a window boundary.
    const intoMinute = Date.now() % 60_000;
    if (intoMinute > 54_000) await new Promise((r) => setTimeout(r, 60_000 - intoMinute + 50));
    for (const m of members.slice(0, 2)) expect((await m.request('bridge:react', { reaction: 'cantHear' })).ok).toBe(true);
    await members[0].request('bridge:react', { reaction: 'cantHear' }); // the same person twice counts once
    const pulses = (c: TestClient) => c.raw.filter((r) => r.event === 'bridge:pulse').map((r) => r.args[0] as { alert: boolean; cantHearPeople: number });
    await eventually(() => expect(pulses(online).at(-1)?.cantHearPeople).toBe(2));
    expect(pulses(online).some((p) => p.alert)).toBe(false);
    await members[2].request('bridge:react', { reaction: 'cantHear' });
    await eventually(() => {
      for (const c of [onsite, online]) expect(pulses(c).at(-1)).toMatchObject({ alert: true, cantHearPeople: 3 });
    });
    expect(pulses(members[1])).toHaveLength(0);
  });

  it('[A5] help requests reach moderators and support people; the requester sees who helps', async () => {
    const { onsite, online, members, ids } = await setup(3);
    await onsite.request('people:setSupport', { personId: ids[2], support: true });
    await members[2].until((s) => s.people[ids[2]].support);
    const req = await members[0].request('help:request', { note: 'no sound' });
    expect(req.ok).toBe(true);
    await members[2].until((s) => s.help.requests[req.requestId]?.status === 'open');
    await online.until((s) => s.help.requests[req.requestId]?.note === 'no sound');
    expect(members[1].state!.help.order).toHaveLength(0);
    expect((await members[1].request('help:take', { requestId: req.requestId })).error.code).toBe('FORBIDDEN');
    expect((await members[2].request('help:take', { requestId: req.requestId })).ok).toBe(true);
    await members[0].until((s) => s.help.requests[req.requestId]?.helperName === 'P2');
    expect((await members[2].request('help:close', { requestId: req.requestId })).ok).toBe(true);
    await onsite.until((s) => s.help.requests[req.requestId]?.status === 'closed');
  });
});
