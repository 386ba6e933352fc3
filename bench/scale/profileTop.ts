/**
 * Summarises V8 CPU profiles written by `CPU_PROF=<dir> npm run bench:scale -- <scenario>`:
 *
 *   npx tsx bench/scale/profileTop.ts <file.cpuprofile> [rows]
 *
 * Prints the functions with the most self time, and the same grouped by source file (node_modules packages
 * folded to their package name), each as a share of the profile's busy (non-idle) time.
 */
import { readFileSync } from 'node:fs';

interface ProfileNode {
  id: number;
  callFrame: { functionName: string; url: string; lineNumber: number };
  children?: number[];
}
interface Profile {
  nodes: ProfileNode[];
  samples: number[];
  timeDeltas: number[];
}

const [file, rowsArg] = process.argv.slice(2);
if (!file) {
  console.error('usage: profileTop.ts <file.cpuprofile> [rows]');
  process.exit(2);
}
const rows = Number(rowsArg ?? 30);
const profile = JSON.parse(readFileSync(file, 'utf8')) as Profile;
const byId = new Map(profile.nodes.map((n) => [n.id, n]));
const self = new Map<number, number>();
profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (profile.timeDeltas[i] ?? 0)));

const IDLE = new Set(['(idle)', '(program)', '(garbage collector)']);
let busy = 0;
let gc = 0;
const fn = new Map<string, number>();
const files = new Map<string, number>();
for (const [id, us] of self) {
  const n = byId.get(id)!;
  const name = n.callFrame.functionName || '(anonymous)';
  if (name === '(garbage collector)') gc += us;
  if (name === '(idle)') continue;
  busy += us;
  if (IDLE.has(name)) {
    fn.set(name, (fn.get(name) ?? 0) + us);
    continue;
  }
  const where = shortUrl(n.callFrame.url);
  const key = `${name}  ${where}:${n.callFrame.lineNumber + 1}`;
  fn.set(key, (fn.get(key) ?? 0) + us);
  files.set(where, (files.get(where) ?? 0) + us);
}

function shortUrl(url: string): string {
  if (!url) return '(native)';
  const nm = url.lastIndexOf('node_modules/');
  if (nm >= 0) {
    const rest = url.slice(nm + 'node_modules/'.length).split('/');
    return rest[0].startsWith('@') ? `${rest[0]}/${rest[1]}` : rest[0];
  }
  const work = url.indexOf('/server/') >= 0 ? url.slice(url.indexOf('/server/') + 1) : url.indexOf('/shared/') >= 0 ? url.slice(url.indexOf('/shared/') + 1) : url.replace(/^file:\/\//, '');
  return work;
}

const pct = (us: number) => ((100 * us) / Math.max(1, busy)).toFixed(1).padStart(5);
console.log(`${file}: busy ${(busy / 1000).toFixed(0)} ms (GC ${(gc / 1000).toFixed(0)} ms)`);
console.log('\n% busy  self time by function');
for (const [k, us] of [...fn].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${pct(us)}  ${k}`);
console.log('\n% busy  self time by file or package');
for (const [k, us] of [...files].sort((a, b) => b[1] - a[1]).slice(0, rows)) console.log(`${pct(us)}  ${k}`);

// CALLERS=<function name>: the heaviest call paths (DEPTH frames up, 6 by default) that end in that function's self time.
const callersOf = process.env.CALLERS;
if (callersOf) {
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const paths = new Map<string, number>();
  for (const [id, us] of self) {
    if (byId.get(id)!.callFrame.functionName !== callersOf) continue;
    const frames: string[] = [];
    for (let at: number | undefined = parent.get(id); at !== undefined && frames.length < Number(process.env.DEPTH ?? 6); at = parent.get(at)) {
      const f = byId.get(at)!.callFrame;
      frames.push(`${f.functionName || '(anonymous)'}@${shortUrl(f.url)}:${f.lineNumber + 1}`);
    }
    const key = frames.join(' < ');
    paths.set(key, (paths.get(key) ?? 0) + us);
  }
  console.log(`\n% busy  callers of ${callersOf}`);
  for (const [k, us] of [...paths].sort((a, b) => b[1] - a[1]).slice(0, 12)) console.log(`${pct(us)}  ${k}`);
}
