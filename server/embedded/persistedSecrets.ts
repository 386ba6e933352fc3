import { z } from 'zod';
import type { Config } from '../config.js';
import { readDataFile, writeDataFile } from './dataFiles.js';

export const SECRETS_FILE = 'secrets.json';

const StoredSecrets = z.object({
  organiserKey: z.string().min(16).optional(),
  tokenSecret: z.string().min(32).optional(),
});

/**
 * The embedded default generates ORGANISER_KEY and TOKEN_SECRET when they are not given. Generated afresh
 * at every start, a reboot would invalidate every phone's token and the organiser's key; so the generated
 * ones are kept in DATA_DIR/secrets.json (mode 0600) and reused. Values given in the environment always
 * win and are never written to disk. With Redis both are required, so nothing is generated or kept.
 */
export async function withPersistedSecrets(config: Config): Promise<Config> {
  if (config.redis || (!config.organiserKeyGenerated && !config.tokenSecretGenerated)) return config;
  const parsed = StoredSecrets.safeParse((await readDataFile(config.dataDir, SECRETS_FILE)) ?? {});
  if (!parsed.success) throw new Error(`${config.dataDir}/${SECRETS_FILE} holds invalid secrets; fix or remove it (every token signed with them stops working)`);
  const stored = parsed.data;
  const next = { ...stored };
  if (config.organiserKeyGenerated) next.organiserKey ??= config.organiserKey;
  if (config.tokenSecretGenerated) next.tokenSecret ??= config.tokenSecret;
  if (next.organiserKey !== stored.organiserKey || next.tokenSecret !== stored.tokenSecret) await writeDataFile(config.dataDir, SECRETS_FILE, next);
  return {
    ...config,
    organiserKey: config.organiserKeyGenerated ? next.organiserKey! : config.organiserKey,
    tokenSecret: config.tokenSecretGenerated ? next.tokenSecret! : config.tokenSecret,
  };
}
