import { open, readFile, rename, truncate, unlink, type FileHandle } from 'node:fs/promises';
import path from 'node:path';

/**
 * An append-only file of JSON lines, the embedded store's write-ahead log.
 *
 * `write(record)` resolves only once the line is on disk (written and fdatasync'ed), so a caller that acks
 * after it acks something durable. Group commit: while one write+fsync is in flight, later records wait in
 * one buffer and go to disk together with the next single fsync — a burst of 500 ballots costs a handful
 * of fsyncs, not 500.
 *
 * Fail-stop: when a write or fsync fails (disk full, I/O error), the file's tail is in an unknown state
 * (after a failed fsync Linux may drop the dirty pages and report success next time — the "fsyncgate"
 * lesson), so the journal refuses every later write and the store reports itself broken; a restart
 * recovers from what is on disk.
 */
export class Journal {
  private pending: string[] = [];
  private snapshot: (() => unknown[]) | null = null;
  private waiters: Array<{ resolve: () => void; reject: (err: Error) => void }> = [];
  private flushing: Promise<void> | null = null;
  private failed: Error | null = null;
  private closed = false;
  private fh: FileHandle | null = null;
  /** Bytes in the file (what was read at open plus what was written since). */
  size: number;
  /** fsyncs done so far (each one made a whole batch of records durable). */
  syncs = 0;

  /**
   * `size` is what readJournal found (0 for a new file). The file is opened on the first flush, so that
   * records are queued synchronously, in the order the store applied them in memory.
   */
  constructor(
    readonly file: string,
    size: number,
    /** Called once when the journal stops for good after an I/O error. */
    private readonly onFailure: (err: Error) => void,
  ) {
    this.size = size;
  }

  /**
   * The file, opened for appends (created when new). A new file's directory entry is fsynced too, else a
   * crash right after the first acked write could leave a durable file body that no directory names.
   */
  private async handle(): Promise<FileHandle> {
    if (!this.fh) {
      const fh = await open(this.file, 'a', 0o600);
      if (this.size === 0) await syncDirectory(path.dirname(this.file));
      this.fh = fh;
    }
    return this.fh;
  }

  get broken(): Error | null {
    return this.failed;
  }

  /** Queues one record; resolves when it (and everything queued before it) is durable. */
  write(record: unknown): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    if (this.closed) return Promise.reject(new Error(`journal closed: ${this.file}`));
    this.pending.push(`${JSON.stringify(record)}\n`);
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.kick();
    return done;
  }

  /** Resolves once everything queued so far is durable (a read barrier: no answer reflects unsynced data). */
  settled(): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    // Records queued: they go with the next batch (a running flush kicks it when it ends).
    if (this.pending.length) return new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    if (this.flushing) return this.flushing.then(() => this.settled());
    return Promise.resolve();
  }

  /**
   * Rewrites the file as `snapshot()` (the records that rebuild the current state), replacing the history
   * of superseded ballots, merged worksheet updates and expired acks. It runs in the flush chain: at that
   * moment every queued record is already reflected in memory, so the snapshot replaces them too and
   * their waiters resolve once the new file is durable. Written beside, fsynced, then renamed over the
   * old file (and the directory fsynced): a crash at any point leaves one whole file, old or new.
   */
  rewrite(snapshot: () => unknown[]): Promise<void> {
    if (this.failed) return Promise.reject(this.failed);
    this.snapshot = snapshot;
    const done = new Promise<void>((resolve, reject) => this.waiters.push({ resolve, reject }));
    this.kick();
    return done;
  }

  private kick(): void {
    if (this.flushing) return; // the running flush picks the new records up when it ends
    this.flushing = (this.snapshot ? this.replaceFile() : this.flush()).finally(() => {
      this.flushing = null;
      if (this.pending.length || this.snapshot) this.kick();
    });
  }

  private async replaceFile(): Promise<void> {
    const snapshot = this.snapshot!;
    this.snapshot = null;
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    const tmp = `${this.file}.rewrite`;
    try {
      const buf = Buffer.from(snapshot().map((r) => `${JSON.stringify(r)}\n`).join(''));
      const out = await open(tmp, 'w', 0o600);
      try {
        await writeAll(out, buf);
        await out.sync();
        this.syncs += 1;
      } finally {
        await out.close();
      }
      await rename(tmp, this.file);
      await syncDirectory(path.dirname(this.file));
      const old = this.fh;
      this.fh = await open(this.file, 'a', 0o600);
      await old?.close().catch(() => undefined);
      this.size = buf.length;
      for (const w of waiters) w.resolve();
    } catch (err) {
      await unlink(tmp).catch(() => undefined);
      this.fail(err as Error);
      for (const w of waiters) w.reject(this.failed!);
    }
  }

  private async flush(): Promise<void> {
    const lines = this.pending;
    const waiters = this.waiters;
    this.pending = [];
    this.waiters = [];
    try {
      const buf = Buffer.from(lines.join(''));
      // One write call for the batch: a kill -9 can still cut it, which only tears the last line(s).
      const fh = await this.handle();
      await writeAll(fh, buf);
      await fh.datasync();
      this.syncs += 1;
      this.size += buf.length;
      for (const w of waiters) w.resolve();
    } catch (err) {
      this.fail(err as Error);
      for (const w of waiters) w.reject(this.failed!);
    }
  }

  private fail(err: Error): void {
    if (this.failed) return;
    this.failed = Object.assign(new Error(`journal write failed (${this.file}): ${err.message}`), { cause: err });
    for (const w of this.waiters) w.reject(this.failed);
    this.waiters = [];
    this.pending = [];
    this.onFailure(this.failed);
  }

  async close(): Promise<void> {
    if (this.closed) return;
    await this.settled().catch(() => undefined);
    this.closed = true;
    await this.fh?.close().catch(() => undefined);
  }
}

/**
 * Reads a journal: every complete line, parsed. A crash (kill -9, power loss) can leave a torn last line
 * — never acked, since an ack waits for its fsync — so the file is cut back to the last complete record
 * before anything is appended after it. A line that does not parse but is followed by good records is no
 * torn tail (a hand edit, a damaged disk block): it is skipped and counted in `skipped`, never cut, since the
 * records after it were acked; the store fills the hole it leaves in the log with unreadable placeholders.
 */
export async function readJournal(file: string): Promise<{ records: unknown[]; size: number; cut: number; skipped: number }> {
  let buf: Buffer;
  try {
    buf = await readFile(file);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return { records: [], size: 0, cut: 0, skipped: 0 };
    throw err;
  }
  const records: unknown[] = [];
  let start = 0;
  let good = 0;
  let bad = 0;
  for (;;) {
    const nl = buf.indexOf(0x0a, start);
    if (nl < 0) break;
    const line = buf.subarray(start, nl).toString('utf8');
    start = nl + 1;
    if (line.length === 0) continue;
    try {
      records.push(JSON.parse(line));
      good = start;
    } catch {
      bad++;
      continue;
    }
  }
  // Bad lines after the last good record are the torn tail; bad lines before it were followed by acked records.
  const tailBad = countBadLines(buf.subarray(good));
  if (good < buf.length) await truncate(file, good);
  return { records, size: good, cut: buf.length - good, skipped: bad - tailBad };
}

function countBadLines(tail: Buffer): number {
  return tail.toString('utf8').split('\n').filter((l) => l.length > 0).length;
}

async function writeAll(fh: FileHandle, buf: Buffer): Promise<void> {
  let off = 0;
  while (off < buf.length) off += (await fh.write(buf, off, buf.length - off)).bytesWritten;
}

/** fsync of a directory, so that a file created (or renamed) in it survives a crash. */
export async function syncDirectory(dir: string): Promise<void> {
  const fh = await open(dir, 'r');
  try {
    await fh.sync();
  } finally {
    await fh.close();
  }
}
