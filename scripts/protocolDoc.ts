import { readFileSync, writeFileSync } from 'node:fs';
import { z } from 'zod';
import { COMMANDS, SERVER_EVENTS } from '../shared/protocol/registry.js';
import { ERROR_CODES } from '../shared/protocol/errors.js';
import { EVENT_SCHEMAS } from '../shared/domain/events.js';
import { PROTOCOL_VERSION, MIN_SUPPORTED_PROTOCOL } from '../shared/protocol/version.js';

export const DOC_PATH = new URL('../docs/protocol.md', import.meta.url);
const START = '<!-- generated:start (npm run docs:protocol) -->';
const END = '<!-- generated:end -->';

type JS = { type?: string | string[]; properties?: Record<string, JS>; required?: string[]; items?: JS; enum?: unknown[]; const?: unknown; anyOf?: JS[]; oneOf?: JS[]; additionalProperties?: JS | boolean; maxLength?: number; minimum?: number; maximum?: number; maxItems?: number };

/** A compact, TypeScript-like rendering of a JSON schema, for humans. */
function render(s: JS, depth = 0): string {
  if (!s || depth > 6) return 'unknown';
  if (s.const !== undefined) return JSON.stringify(s.const);
  if (s.enum) return s.enum.map((v) => JSON.stringify(v)).join(' | ');
  const alts = s.anyOf ?? s.oneOf;
  if (alts) return alts.map((a) => render(a, depth + 1)).join(' | ');
  const t = Array.isArray(s.type) ? s.type : s.type ? [s.type] : [];
  if (t.includes('object') && s.properties) {
    const req = new Set(s.required ?? []);
    const fields = Object.entries(s.properties).map(([k, v]) => `${k}${req.has(k) ? '' : '?'}: ${render(v, depth + 1)}`);
    return `{ ${fields.join(', ')} }`;
  }
  if (t.includes('object')) return s.additionalProperties && typeof s.additionalProperties === 'object' ? `Record<string, ${render(s.additionalProperties, depth + 1)}>` : 'object';
  if (t.includes('array')) return `${render(s.items ?? {}, depth + 1)}[]${s.maxItems !== undefined ? ` (≤ ${s.maxItems})` : ''}`;
  const base = t.map((x) => (x === 'integer' ? 'int' : x)).join(' | ') || 'unknown';
  const bounds = [s.maxLength !== undefined ? `≤ ${s.maxLength} chars` : '', s.minimum !== undefined && Math.abs(s.minimum) < Number.MAX_SAFE_INTEGER ? `≥ ${s.minimum}` : '', s.maximum !== undefined && s.maximum < Number.MAX_SAFE_INTEGER ? `≤ ${s.maximum}` : ''].filter(Boolean);
  return bounds.length ? `${base} (${bounds.join(', ')})` : base;
}

function schemaText(schema: z.ZodType, io: 'input' | 'output'): string {
  try {
    return render(z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JS);
  } catch {
    return 'see shared/protocol';
  }
}

const cell = (s: string) => s.replace(/\|/g, '\\|').replace(/\n/g, ' ');

export function generatedSection(): string {
  const lines: string[] = [START, '', `Protocol version **${PROTOCOL_VERSION}** (oldest accepted: ${MIN_SUPPORTED_PROTOCOL}).`, ''];
  lines.push('### Commands (client → server, acknowledged)', '');
  for (const [name, spec] of Object.entries(COMMANDS)) {
    lines.push(`#### \`${name}\``, '', spec.doc, '', `- Allowed roles: ${spec.roles.map((r) => `\`${r}\``).join(', ')}`);
    lines.push(`- Payload: \`${cell(schemaText(spec.payload, 'input'))}\``);
    lines.push(`- Ack on success: \`{ ok: true } & ${cell(schemaText(spec.result, 'output'))}\``);
    lines.push((spec as { idempotent?: boolean }).idempotent ? '- Idempotent: repeating it changes nothing more; its ack is not remembered.' : '- Retries: the ack is remembered per `cid` for 24 h.', '');
  }
  lines.push('### Server events (server → client, no ack)', '');
  for (const [name, spec] of Object.entries(SERVER_EVENTS)) {
    lines.push(`#### \`${name}\``, '', spec.doc, '', `- Payload: \`${cell(schemaText(spec.schema, 'output'))}\``, '');
  }
  lines.push('### Session log events (the `type` of a `session:event`)', '', '| type | data |', '|---|---|');
  for (const [type, schema] of Object.entries(EVENT_SCHEMAS)) lines.push(`| \`${type}\` | \`${cell(schemaText(schema as z.ZodType, 'output'))}\` |`);
  lines.push('', '### Error codes', '', '| code | meaning |', '|---|---|');
  for (const [code, text] of Object.entries(ERROR_CODES)) lines.push(`| \`${code}\` | ${cell(text)} |`);
  lines.push('', END);
  return lines.join('\n');
}

export function currentSection(doc: string): string | null {
  const a = doc.indexOf(START);
  const b = doc.indexOf(END);
  return a < 0 || b < 0 ? null : doc.slice(a, b + END.length);
}

if (process.argv[1] && import.meta.url.endsWith(process.argv[1].split('/').pop()!)) {
  const doc = readFileSync(DOC_PATH, 'utf8');
  const cur = currentSection(doc);
  const next = cur ? doc.replace(cur, generatedSection()) : `${doc.trimEnd()}\n\n${generatedSection()}\n`;
  writeFileSync(DOC_PATH, next);
  console.log('docs/protocol.md reference section regenerated');
}
