import { chmod, mkdir, open, readFile, rename } from 'node:fs/promises';
import path from 'node:path';
import { syncDirectory } from '../store/journal.js';

/**
 * Small JSON files of the embedded default in DATA_DIR (secrets, the demo session's id). Written beside
 * and renamed over, with fsyncs, so a crash leaves the old file or the new one, never half of one; mode
 * 0600 because one of them holds the keys that sign every token.
 */
export async function writeDataFile(dataDir: string, name: string, value: unknown): Promise<void> {
  await mkdir(dataDir, { recursive: true, mode: 0o700 });
  const file = path.join(dataDir, name);
  const tmp = `${file}.tmp`;
  const fh = await open(tmp, 'w', 0o600);
  try {
    await fh.writeFile(`${JSON.stringify(value, null, 2)}\n`);
    await fh.sync();
  } finally {
    await fh.close();
  }
  await rename(tmp, file);
  await syncDirectory(dataDir);
}

/** The parsed file, or null when it does not exist. A file that does not parse throws: it was edited by hand. */
export async function readDataFile(dataDir: string, name: string): Promise<unknown> {
  const file = path.join(dataDir, name);
  let text: string;
  try {
    text = await readFile(file, 'utf8');
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw err;
  }
  // Tighten a file copied in with looser permissions.
  await chmod(file, 0o600).catch(() => undefined);
  try {
    return JSON.parse(text);
  } catch {
    throw new Error(`${file} is not valid JSON; fix or remove it`);
  }
}
