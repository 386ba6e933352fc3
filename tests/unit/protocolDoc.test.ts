import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { COMMANDS, SERVER_EVENTS } from '../../shared/protocol/registry.js';
import { ERROR_CODES } from '../../shared/protocol/errors.js';
import { EVENT_SCHEMAS } from '../../shared/domain/events.js';
import { currentSection, DOC_PATH, generatedSection } from '../../scripts/protocolDoc.js';

const doc = readFileSync(DOC_PATH, 'utf8');
const documented = (kind: RegExp) => new Set([...doc.matchAll(kind)].map((m) => m[1]));

describe('[P1] docs/protocol.md agrees with the registry', () => {
  it('documents every command, server event, log event type and error code, and nothing else', () => {
    expect(documented(/^#### `([a-z]+:[A-Za-z]+)`$/gm)).toEqual(new Set([...Object.keys(COMMANDS), ...Object.keys(SERVER_EVENTS)]));
    expect(documented(/^\| `([a-z]+:[A-Za-z]+)` \|/gm)).toEqual(new Set(Object.keys(EVENT_SCHEMAS)));
    expect(documented(/^\| `([A-Z_]+)` \|/gm)).toEqual(new Set(Object.keys(ERROR_CODES)));
  });

  it('has an up-to-date generated reference (run `npm run docs:protocol` after changing shared/protocol)', () => {
    expect(currentSection(doc)).toBe(generatedSection());
  });

  it('mentions every error code a client can meet in the prose as well as in the catalogue', () => {
    for (const code of Object.keys(ERROR_CODES)) expect(doc.split(code).length - 1).toBeGreaterThanOrEqual(1);
  });
});
