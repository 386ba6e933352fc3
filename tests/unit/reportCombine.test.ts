import { execFile } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import { describe, expect, it } from 'vitest';
import type { StoredEvent } from '../../shared/domain/eventTypes.js';
import { buildReport } from '../../server/capabilities/report/build.js';
import type { Combined } from '../../server/capabilities/report/combine.js';

const run = promisify(execFile);
const ROOT = path.resolve(import.meta.dirname, '../..');
const golden = (name: string) => JSON.parse(readFileSync(path.join(ROOT, 'tests', 'golden', name), 'utf8')) as { sessionId: string; events: StoredEvent[] };

/** The command-line entry as a coordinator runs it (a real process); resolves with its exit code and output. */
async function cli(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
  try {
    const { stdout, stderr } = await run(process.execPath, ['--import', 'tsx', path.join(ROOT, 'scripts', 'report.ts'), ...args], { cwd: ROOT });
    return { code: 0, stdout, stderr };
  } catch (err) {
    const e = err as { code: number; stdout: string; stderr: string };
    return { code: e.code, stdout: e.stdout, stderr: e.stderr };
  }
}

const ballot = (choice: number, m: 'onsite' | 'online') => JSON.stringify({ b: { choices: [choice] }, m, r: 'plenary' });

describe('[R8] combining site reports (npm run report -- combine)', () => {
  const dir = mkdtempSync(path.join(tmpdir(), 'report-combine-'));
  const day = golden('day-session.json');
  const pollId = (day.events.find((e) => e.type === 'poll:opened')!.data as { poll: { id: string } }).poll.id;
  const sites = [
    [ballot(0, 'onsite'), ballot(1, 'online')],
    [ballot(1, 'onsite'), ballot(1, 'onsite'), ballot(0, 'online')],
    [ballot(0, 'online')],
  ];
  const files = sites.map((ballots, i) => {
    const file = path.join(dir, `site-${i + 1}.json`);
    writeFileSync(file, JSON.stringify(buildReport({ sessionId: day.sessionId, events: day.events, ballots: { [pollId]: ballots }, worksheets: {} })));
    return file;
  });

  it('[R8] three reports: totals equal the sums, every site beside them', async () => {
    const out = await cli('combine', ...files);
    expect(out.code, out.stderr).toBe(0);
    const combined = JSON.parse(out.stdout) as Combined;
    expect(combined.sites.map((s) => s.file)).toEqual(['site-1.json', 'site-2.json', 'site-3.json']);
    const poll = combined.polls[0];
    expect(poll.bySite.map((s) => s.n)).toEqual([2, 3, 1]);
    expect(poll.total.n).toBe(6);
    expect(poll.total.counts.slice(0, 2)).toEqual([3, 3]);
    for (let k = 0; k < poll.total.counts.length; k++) expect(poll.total.counts[k]).toBe(poll.bySite.reduce((s, x) => s + x.counts[k], 0));
  }, 30_000);

  it('[R8] another template, a tampered version and a malformed file are refused by name', async () => {
    const demo = golden('demo-session.json');
    const other = path.join(dir, 'other-template.json');
    writeFileSync(other, JSON.stringify(buildReport({ sessionId: demo.sessionId, events: demo.events, ballots: {}, worksheets: {} })));
    const tampered = path.join(dir, 'tampered.json');
    writeFileSync(tampered, readFileSync(files[1], 'utf8').replace('"version":1', '"version":7'));
    const malformed = path.join(dir, 'malformed.json');
    writeFileSync(malformed, '{"kind":"dialogue-room/session-report", "version": 1, "polls": [');
    const results = await Promise.all([cli('combine', files[0], other), cli('combine', files[0], tampered), cli('combine', files[0], malformed)]);
    expect(results.map((r) => r.code)).toEqual([2, 2, 2]);
    expect(results[0].stderr).toMatch(/^OTHER_TEMPLATE: other-template\.json: /);
    expect(results[1].stderr).toMatch(/^OTHER_VERSION: tampered\.json: report version 7/);
    expect(results[2].stderr).toMatch(/^MALFORMED_FILE: malformed\.json: not JSON/);
  }, 30_000);
});
