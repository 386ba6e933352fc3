import { readdirSync, readFileSync, statSync } from 'node:fs';
import path from 'node:path';
import { describe, expect, it } from 'vitest';

const CLIENT = path.resolve(import.meta.dirname, '../../client/src');

function sources(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const file = path.join(dir, name);
    if (statSync(file).isDirectory()) return sources(file);
    return /\.(tsx?|jsx?)$/.test(name) ? [file] : [];
  });
}

/** Comments may name the dialogs (to say why they are not used); code may not call them. */
function withoutComments(code: string): string {
  return code.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`])\/\/.*$/gm, '$1');
}

const BLOCKING = [/\bwindow\.(prompt|alert|confirm)\b/, /(^|[^\w.$])(prompt|alert|confirm)\s*\(/];

/**
 * [ND] Issue 17: no blocking browser dialog anywhere in the client. prompt(), alert() and confirm() freeze every live
 * update while open, read badly with screen readers and translation tools, and show no overview nor undo; every
 * question is asked in place (InlineAsk or an inline form) instead.
 */
describe('[ND] the client never opens a blocking browser dialog', () => {
  const files = sources(CLIENT);

  it('scans the client sources', () => {
    expect(files.length).toBeGreaterThan(20);
    expect(files.some((f) => f.endsWith('ModeratorConsole.tsx'))).toBe(true);
  });

  it('has no window.prompt, prompt(, alert( or confirm( in code', () => {
    const found: string[] = [];
    for (const file of files) {
      const lines = withoutComments(readFileSync(file, 'utf8')).split('\n');
      lines.forEach((line, i) => {
        if (BLOCKING.some((re) => re.test(line))) found.push(`${path.relative(CLIENT, file)}:${i + 1}: ${line.trim()}`);
      });
    }
    expect(found).toEqual([]);
  });

  it('the scan itself catches each form', () => {
    for (const bad of ['const x = prompt("name")', 'window.confirm("sure?")', 'if (ok) alert(msg)', 'await window.prompt ("a")'])
      expect(BLOCKING.some((re) => re.test(withoutComments(bad))), bad).toBe(true);
    for (const fine of ['// instead of prompt() we ask in place', 'promptText(x)', 'conn.alert(x)', 'setConfirm(true)', "t('polls.alert')"])
      expect(BLOCKING.some((re) => re.test(withoutComments(fine))), fine).toBe(false);
  });
});
