import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createSession, ORGANISER_KEY, startServer, type TestServer } from '../helpers/servers.js';

describe('[W1] HTTP routes', () => {
  let server: TestServer;
  beforeAll(async () => {
    server = await startServer();
  });
  afterAll(() => server.close());

  const post = (path: string, body: unknown, headers: Record<string, string> = {}) =>
    fetch(`${server.url}${path}`, { method: 'POST', headers: { 'content-type': 'application/json', ...headers }, body: typeof body === 'string' ? body : JSON.stringify(body) });

  it('answers health and readiness', async () => {
    expect(await (await fetch(`${server.url}/healthz`)).json()).toEqual({ ok: true });
    const ready = await fetch(`${server.url}/readyz`);
    expect(ready.status).toBe(200);
  });

  it('creating a session needs the organiser key and a valid body', async () => {
    const noKey = await post('/api/sessions', { title: 'X' });
    expect(noKey.status).toBe(401);
    expect(await noKey.json()).toMatchObject({ ok: false, error: { code: 'UNAUTHENTICATED' } });
    const wrongKey = await post('/api/sessions', { title: 'X' }, { 'x-organiser-key': `${ORGANISER_KEY}-no` });
    expect(wrongKey.status).toBe(401);
    const bad = await post('/api/sessions', { title: '', agenda: 'nope' }, { 'x-organiser-key': ORGANISER_KEY });
    expect(bad.status).toBe(400);
    expect(await bad.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const notJson = await post('/api/sessions', '{"title": ', { 'x-organiser-key': ORGANISER_KEY });
    expect(notJson.status).toBe(400);
    expect(await notJson.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const created = await createSession(server, { title: 'Good one', agenda: [{ title: 'Welcome', minutes: 15 }] });
    expect(created.joinCode).toMatch(/^[A-Z2-9]{8}$/);
    expect(created.joinUrl).toBe(`${server.url}/join/${created.joinCode}`);
  });

  it('join: typed errors, codes in any case and with spaces', async () => {
    const s = await createSession(server);
    const lower = `${s.joinCode.slice(0, 4).toLowerCase()} ${s.joinCode.slice(4)}`;
    const ok = await post('/api/join', { code: lower, name: 'Zoé', modality: 'onsite', table: '4' });
    expect(await ok.json()).toMatchObject({ ok: true, sessionId: s.sessionId, role: 'participant' });
    const noName = await post('/api/join', { code: s.joinCode, name: '   ', modality: 'online' });
    expect(await noName.json()).toMatchObject({ ok: false, error: { code: 'BAD_REQUEST' } });
    const badModality = await post('/api/join', { code: s.joinCode, name: 'A', modality: 'moon' });
    expect(badModality.status).toBe(400);
  });

  it('wrong join codes are slowed down per address, never refused (details: edge.test.ts)', async () => {
    const fresh = await startServer();
    try {
      const took: number[] = [];
      for (let i = 0; i < 12; i++) {
        const t0 = Date.now();
        const r = await fetch(`${fresh.url}/api/join`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ code: `ZZZZ${1000 + i}`, name: 'G', modality: 'online' }) });
        took.push(Date.now() - t0);
        expect(r.status).toBe(404);
      }
      // The 11th and 12th wrong codes of the address wait 250 ms and 500 ms before their answer.
      expect(took[10]).toBeGreaterThanOrEqual(240);
      expect(took[11]).toBeGreaterThanOrEqual(490);
    } finally {
      await fresh.close();
    }
  });

  it('unknown API routes get a typed 404', async () => {
    const r = await fetch(`${server.url}/api/nothing`);
    expect(r.status).toBe(404);
    expect(await r.json()).toMatchObject({ ok: false, error: { code: 'NOT_FOUND' } });
  });
});
