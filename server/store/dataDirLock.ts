import { open, readFile, unlink } from 'node:fs/promises';
import path from 'node:path';

export const LOCK_FILE = 'LOCK';

export class DataDirInUseError extends Error {}

/**
 * One process per data directory: two servers appending to the same journals would both number events
 * from the same head. The lock file holds the owner's pid; a lock left by a process that no longer runs
 * (killed with -9, a power cut) is taken over, so a restart after a crash never needs a manual step.
 */
export async function lockDataDir(dir: string): Promise<() => Promise<void>> {
  const file = path.join(dir, LOCK_FILE);
  for (let attempt = 0; attempt < 3; attempt++) {
    try {
      const fh = await open(file, 'wx', 0o600);
      await fh.writeFile(String(process.pid));
      await fh.close();
      return async () => {
        // Only our own lock is removed (a takeover after we were presumed dead is someone else's).
        if ((await readFile(file, 'utf8').catch(() => '')) === String(process.pid)) await unlink(file).catch(() => undefined);
      };
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
    const owner = Number((await readFile(file, 'utf8').catch(() => '')).trim());
    if (Number.isInteger(owner) && owner > 0 && owner !== process.pid && isRunning(owner)) {
      throw new DataDirInUseError(`${dir} is in use by another Dialogue Room process (pid ${owner}); stop it or choose another DATA_DIR`);
    }
    await unlink(file).catch(() => undefined); // stale: its owner is gone
  }
  throw new DataDirInUseError(`could not lock ${dir}`);
}

function isRunning(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (err) {
    return (err as NodeJS.ErrnoException).code === 'EPERM';
  }
}
