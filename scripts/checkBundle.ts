/**
 * Bundle budget of the participant page: the gzipped JavaScript a phone downloads to join and take part
 * (the entry chunk and everything it imports statically; staff views are lazy chunks and do not count).
 * Reads the Vite manifest of `npm run build`. Run: `npx tsx scripts/checkBundle.ts` (exit 1 above budget);
 * tests/unit/bundleBudget.test.ts runs the same check in CI. The figure is explained in docs/performance.md.
 */
import { existsSync, readFileSync } from 'node:fs';
import path from 'node:path';
import { gzipSync } from 'node:zlib';
import { fileURLToPath } from 'node:url';

/** 120 KB gzipped: ~90 KB today (React, react-dom, socket.io-client, 4 languages) plus room for polls, rooms, chat. */
export const PARTICIPANT_JS_BUDGET_BYTES = 120 * 1024;
export const DEFAULT_DIST = path.resolve(import.meta.dirname, '../dist/client');

interface ManifestChunk {
  file: string;
  isEntry?: boolean;
  imports?: string[];
  dynamicImports?: string[];
  css?: string[];
}

export interface BundleReport {
  files: Array<{ file: string; bytes: number; gzipBytes: number }>;
  jsGzipBytes: number;
  cssGzipBytes: number;
  budgetBytes: number;
  withinBudget: boolean;
}

export function measureParticipantBundle(dist = DEFAULT_DIST, budgetBytes = PARTICIPANT_JS_BUDGET_BYTES): BundleReport {
  const manifestPath = path.join(dist, '.vite', 'manifest.json');
  if (!existsSync(manifestPath)) throw new Error(`${manifestPath} is missing: run \`npm run build\` first`);
  const manifest = JSON.parse(readFileSync(manifestPath, 'utf8')) as Record<string, ManifestChunk>;
  const entryKey = Object.keys(manifest).find((k) => manifest[k].isEntry && k.endsWith('index.html'));
  if (!entryKey) throw new Error('no index.html entry in the Vite manifest');

  // The entry and its static imports, transitively: what the browser fetches before the join page works.
  const seen = new Set<string>();
  const visit = (key: string) => {
    if (seen.has(key)) return;
    seen.add(key);
    for (const i of manifest[key].imports ?? []) visit(i);
  };
  visit(entryKey);

  const files: BundleReport['files'] = [];
  let cssGzipBytes = 0;
  for (const key of seen) {
    const chunk = manifest[key];
    const buf = readFileSync(path.join(dist, chunk.file));
    files.push({ file: chunk.file, bytes: buf.length, gzipBytes: gzipSync(buf, { level: 9 }).length });
    for (const css of chunk.css ?? []) cssGzipBytes += gzipSync(readFileSync(path.join(dist, css)), { level: 9 }).length;
  }
  const jsGzipBytes = files.reduce((s, f) => s + f.gzipBytes, 0);
  return { files, jsGzipBytes, cssGzipBytes, budgetBytes, withinBudget: jsGzipBytes <= budgetBytes };
}

if (process.argv[1] && path.resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  const r = measureParticipantBundle(process.argv[2] ? path.resolve(process.argv[2]) : DEFAULT_DIST);
  const kb = (n: number) => `${(n / 1024).toFixed(1)} KB`;
  for (const f of r.files) console.log(`  ${f.file}  ${kb(f.bytes)} raw, ${kb(f.gzipBytes)} gzipped`);
  console.log(`Participant JavaScript: ${kb(r.jsGzipBytes)} gzipped (budget ${kb(r.budgetBytes)}); CSS ${kb(r.cssGzipBytes)} gzipped`);
  if (!r.withinBudget) {
    console.error('Over budget: move staff-only code behind a lazy import() or trim dependencies.');
    process.exit(1);
  }
}
