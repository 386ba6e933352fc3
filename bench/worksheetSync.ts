/**
 * Worksheet sync and compaction figures (docs/performance.md, "Worksheets"): bytes a reconnecting editor of a
 * 50 KB sheet receives for a 10-character edit, with and without its state vector; size and time of merging
 * versus compacting through a collected document. Run: npx tsx bench/worksheetSync.ts
 */
import * as Y from 'yjs';
import { compactStored, mergeStored, syncStep2 } from '../server/capabilities/worksheet/yjsUpdates.js';
const b64 = (u: Uint8Array) => Buffer.from(u).toString('base64');
const doc = new Y.Doc();
const ups: string[] = [];
doc.on('update', (u: Uint8Array) => ups.push(b64(u)));
const long = Array.from({ length: 2000 }, (_, i) => `line ${String(i).padStart(4, '0')} of the group's long notes`).join('\n').slice(0, 50_000);
doc.getText('hopes').insert(0, long);
const peer = new Y.Doc(); Y.applyUpdate(peer, Y.encodeStateAsUpdate(doc));
doc.getText('hopes').insert(50_000, '0123456789');
const full = syncStep2(ups, undefined); const diff = syncStep2(ups, b64(Y.encodeStateVector(peer)));
console.log('full open bytes', Buffer.from(full.update, 'base64').length, 'diff bytes', Buffer.from(diff.update, 'base64').length, 'sv bytes', Y.encodeStateVector(peer).length);
// typed char by char then deleted
const d2 = new Y.Doc(); const u2: string[] = []; d2.on('update', (u: Uint8Array) => u2.push(b64(u)));
const t = d2.getText('fears'); for (let i = 0; i < 2000; i++) t.insert(i, 'abcdefghij'[i % 10]); t.delete(0, 1900);
let t0 = performance.now(); const merged = mergeStored(u2); const t1 = performance.now(); const gc = compactStored(u2); const t2 = performance.now();
console.log('2000 single-char updates, 1900 deleted: mergeUpdates', Buffer.from(merged, 'base64').length, 'B in', (t1 - t0).toFixed(1), 'ms; gc doc', Buffer.from(gc, 'base64').length, 'B in', (t2 - t1).toFixed(1), 'ms');
const d3 = new Y.Doc(); const u3: string[] = []; d3.on('update', (u: Uint8Array) => u3.push(b64(u)));
for (let i = 0; i < 200; i++) d3.getText('hopes').insert(d3.getText('hopes').length, 'word ' + i + ' ');
t0 = performance.now(); for (let k = 0; k < 20; k++) compactStored(u3); console.log('compact 200 updates:', ((performance.now() - t0) / 20).toFixed(2), 'ms');
