import { existsSync, mkdtempSync, readFileSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { loadConfig } from '../../server/config.js';
import { ensureDemoSession } from '../../server/demo/demoSession.js';
import { SECRETS_FILE, withPersistedSecrets } from '../../server/embedded/persistedSecrets.js';
import { FileStore } from '../../server/store/fileStore.js';
import { TestClient } from '../helpers/clients.js';
import { startServer, type TestServer } from '../helpers/servers.js';

/** What the embedded default keeps in DATA_DIR besides the sessions: generated secrets, the demo session. */
describe('[ES] embedded default: secrets and the demo session survive a restart', () => {
  const dirs: string[] = [];
  const newDir = () => {
    const d = mkdtempSync(path.join(tmpdir(), 'dr-embedded-state-'));
    dirs.push(d);
    return d;
  };
  afterAll(() => {
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('[ES1] generated secrets are written once (mode 0600) and reused; given ones are never written', async () => {
    const dir = newDir();
    const first = await withPersistedSecrets(loadConfig({ DATA_DIR: dir }));
    const file = path.join(dir, SECRETS_FILE);
    expect(statSync(file).mode & 0o777).toBe(0o600);
    // A second start generates new random values in loadConfig; the kept ones win.
    const second = await withPersistedSecrets(loadConfig({ DATA_DIR: dir }));
    expect(second.organiserKey).toBe(first.organiserKey);
    expect(second.tokenSecret).toBe(first.tokenSecret);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toEqual({ organiserKey: first.organiserKey, tokenSecret: first.tokenSecret });

    const given = newDir();
    const env = { DATA_DIR: given, ORGANISER_KEY: 'given-organiser-key-0123', TOKEN_SECRET: 'given-token-secret-0123456789-0123456789' };
    const withGiven = await withPersistedSecrets(loadConfig(env));
    expect(withGiven.organiserKey).toBe(env.ORGANISER_KEY);
    expect(existsSync(path.join(given, SECRETS_FILE))).toBe(false);
    // Given values win over kept ones too.
    expect((await withPersistedSecrets(loadConfig({ ...env, DATA_DIR: dir }))).tokenSecret).toBe(env.TOKEN_SECRET);
  });

  it('[ES2] the demo session is created once per data directory; a restart finds it and its new links work', async () => {
    const dir = newDir();
    const servers: TestServer[] = [];
    try {
      const a = await startServer({ store: await FileStore.open(dir) });
      servers.push(a);
      const created = await ensureDemoSession(a.app.sessions, dir);
      expect(created.reused).toBe(false);
      await a.close();

      const b = await startServer({ store: await FileStore.open(dir) });
      servers.push(b);
      const again = await ensureDemoSession(b.app.sessions, dir);
      expect(again.reused).toBe(true);
      expect(again.sessionId).toBe(created.sessionId);
      expect(again.joinCode).toBe(created.joinCode);
      expect(await b.app.store.listSessions()).toEqual([created.sessionId]);
      // The moderator link printed after the restart opens the session as the same moderator.
      const mod = new TestClient(b.url, again.onsiteModeratorToken);
      try {
        const synced = await mod.ready();
        const original = new TestClient(b.url, created.onsiteModeratorToken);
        try {
          expect((await original.ready()).personId).toBe(synced.personId);
        } finally {
          original.close();
        }
      } finally {
        mod.close();
      }
    } finally {
      for (const s of servers) await s.close();
    }
  }, 30_000);
});
