import { defineConfig, type Plugin } from 'vite';
import react from '@vitejs/plugin-react';
import path from 'node:path';
import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { brotliCompressSync, constants, gzipSync } from 'node:zlib';

const HERE = import.meta.dirname;
const OUT = path.resolve(HERE, '../dist/client');

/**
 * Writes .br and .gz copies of the built text assets; the server serves them with @fastify/static's
 * `preCompressed` (no compression work per request). On a 400 kbit/s link this cuts the participant
 * page from ~295 KB to ~90 KB transferred: see docs/performance.md.
 */
function precompress(): Plugin {
  return {
    name: 'dialogue-room:precompress',
    apply: 'build',
    closeBundle() {
      for (const rel of readdirSync(OUT, { recursive: true, encoding: 'utf8' })) {
        if (!/\.(js|css|html|svg|json)$/.test(rel) || rel.startsWith('.vite')) continue;
        const file = path.join(OUT, rel);
        const buf = readFileSync(file);
        if (buf.length < 1024) continue;
        writeFileSync(`${file}.gz`, gzipSync(buf, { level: 9 }));
        writeFileSync(`${file}.br`, brotliCompressSync(buf, { params: { [constants.BROTLI_PARAM_QUALITY]: 11 } }));
      }
    },
  };
}

export default defineConfig({
  root: HERE,
  plugins: [react(), precompress()],
  build: {
    outDir: OUT,
    emptyOutDir: true,
    target: 'es2020',
    sourcemap: false,
    // The manifest names the entry and its static imports: scripts/checkBundle.ts measures what a participant downloads.
    manifest: true,
  },
  server: {
    proxy: { '/api': 'http://localhost:3000', '/socket.io': { target: 'ws://localhost:3000', ws: true } },
  },
});
