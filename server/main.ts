import path from 'node:path';
import { buildApp } from './app.js';
import { ConfigError, loadConfig } from './config.js';
import { ensureDemoSession } from './demo/demoSession.js';
import { SECRETS_FILE, withPersistedSecrets } from './embedded/persistedSecrets.js';
import { sweepAfterRestart } from './embedded/restartSweep.js';
import { isLocalOnly, lanBaseUrl } from './net/lanAddress.js';

/** The only file that listens. Everything else is built by buildApp() so tests can start real servers on port 0. */
async function main() {
  let config;
  try {
    config = loadConfig();
  } catch (err) {
    if (err instanceof ConfigError) {
      console.error(err.message);
      process.exit(2);
    }
    throw err;
  }
  // Generated secrets are kept in DATA_DIR, so a restart keeps every token and the organiser key valid.
  config = await withPersistedSecrets(config);
  const server = await buildApp(config);
  const dataDir = config.redis ? null : config.dataDir;
  const restored = dataDir ? await sweepAfterRestart(server.hub, server.log) : 0;
  const url = await server.listen();
  if (!config.publicUrl) {
    // Phones in the hall cannot open "localhost": links, QR codes and returned URLs use the LAN address.
    const lan = lanBaseUrl(config.host, Number(new URL(url).port));
    if (lan) server.useLinkBase(lan);
  }
  const base = server.linkBase();
  const lines = [
    '',
    `Dialogue Room is running at ${base}  (store: ${dataDir ? `on disk in ${path.resolve(dataDir)}, ${restored} session(s) restored` : 'redis'}, instance ${config.instanceId})`,
  ];
  lines.push(
    config.publicUrl
      ? `Links use PUBLIC_URL (${config.publicUrl}).`
      : isLocalOnly(base)
        ? `Links point to ${base}: only this machine can open them. Connect it to the hall's network, or set PUBLIC_URL (e.g. PUBLIC_URL=https://dialogue.example.org npm start).`
        : `Links use this machine's address on the local network (${base}); phones on the same Wi-Fi can open them. Behind a proxy or with a domain name, set PUBLIC_URL (e.g. PUBLIC_URL=https://dialogue.example.org npm start).`,
  );
  lines.push(`Organiser page: ${base}/organiser`);
  if (config.organiserKeyGenerated) lines.push(`Organiser key (create sessions with POST /api/sessions, header x-organiser-key): ${config.organiserKey}${dataDir ? ` (kept in ${path.join(dataDir, SECRETS_FILE)})` : ''}`);
  if (config.demo) {
    const demo = await ensureDemoSession(server.sessions, dataDir);
    lines.push(
      '',
      `Demo session "Our digital future: a citizens' dialogue" is ${demo.reused ? 'still there' : 'ready'}:`,
      `  Participants join at:   ${demo.joinUrl}   (join code ${demo.joinCode})`,
      `  Onsite moderator:       ${demo.onsiteModeratorUrl}`,
      `  Online moderator:       ${demo.onlineModeratorUrl}`,
      `  Observer:               ${demo.observerUrl}`,
      `  Projector:              ${demo.projectorUrl}`,
      '',
    );
  }
  console.log(lines.join('\n'));

  // Retention: sessions are deleted with all their data RETENTION_DAYS after their last activity; at start and hourly.
  const sweep = () =>
    server.lifecycle
      .sweep(config.retentionDays, server.hub.now())
      .then((ids) => ids.length && server.log.info({ deleted: ids, retentionDays: config.retentionDays }, 'retention: old sessions deleted'))
      .catch((err) => server.log.warn({ err }, 'retention sweep failed'));
  void sweep();
  setInterval(sweep, 60 * 60 * 1000).unref();

  const stop = async (signal: string) => {
    server.log.info({ signal }, 'shutting down');
    await server.close();
    process.exit(0);
  };
  // Last resort: a stray rejected promise inside a library (a Redis command cut mid-flight) must not end every
  // participant's connection to this instance. It is logged loudly and the instance keeps serving.
  process.on('unhandledRejection', (err) => server.log.error({ err }, 'unhandled rejection'));
  process.on('SIGINT', () => void stop('SIGINT'));
  process.on('SIGTERM', () => void stop('SIGTERM'));
}

main().catch((err) => {
  console.error('Dialogue Room failed to start:', err);
  process.exit(1);
});
