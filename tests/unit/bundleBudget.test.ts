import { existsSync, mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { DEFAULT_DIST, measureParticipantBundle, PARTICIPANT_JS_BUDGET_BYTES } from '../../scripts/checkBundle.js';

describe('participant bundle budget', () => {
  it('[B1] the built participant entry and its static imports stay within the gzipped budget', () => {
    // `npm test` builds the client first; a missing build is a failure, not a skip.
    expect(existsSync(path.join(DEFAULT_DIST, '.vite', 'manifest.json')), 'run `npm run build` first').toBe(true);
    const r = measureParticipantBundle();
    expect(r.files.length).toBeGreaterThan(0);
    expect(r.jsGzipBytes, `participant JS is ${(r.jsGzipBytes / 1024).toFixed(1)} KB gzipped`).toBeLessThanOrEqual(PARTICIPANT_JS_BUDGET_BYTES);
    // Staff-only code (the QR library, staff views, the questionnaire builder shared by the organiser page and the console) must stay out of the participant's download.
    expect(r.files.map((f) => f.file).filter((f) => /JoinQr|ModeratorConsole|ObserverView|ProjectorView|OrganiserView|QuestionnaireBuilder/.test(f))).toEqual([]);
  });

  it('[B2] counts static imports but not lazy chunks, and flags a bundle over budget', () => {
    const dist = mkdtempSync(path.join(os.tmpdir(), 'bundle-'));
    mkdirSync(path.join(dist, '.vite'));
    mkdirSync(path.join(dist, 'assets'));
    const noise = (n: number) => Array.from({ length: n }, (_, i) => ((i * 7919) % 65521).toString(36)).join('');
    writeFileSync(path.join(dist, 'assets/entry.js'), noise(4000));
    writeFileSync(path.join(dist, 'assets/shared.js'), noise(3000));
    writeFileSync(path.join(dist, 'assets/lazy.js'), noise(9000));
    writeFileSync(
      path.join(dist, '.vite/manifest.json'),
      JSON.stringify({
        'index.html': { file: 'assets/entry.js', isEntry: true, imports: ['_shared.js'], dynamicImports: ['lazy.tsx'] },
        '_shared.js': { file: 'assets/shared.js', imports: ['index.html'] },
        'lazy.tsx': { file: 'assets/lazy.js', isDynamicEntry: true, imports: ['index.html'] },
      }),
    );
    const r = measureParticipantBundle(dist, 100);
    expect(r.files.map((f) => f.file).sort()).toEqual(['assets/entry.js', 'assets/shared.js']);
    expect(r.withinBudget).toBe(false);
    expect(measureParticipantBundle(dist, 10 * 1024 * 1024).withinBudget).toBe(true);
  });
});
