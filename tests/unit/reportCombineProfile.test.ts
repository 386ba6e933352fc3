import { describe, expect, it } from 'vitest';
import { combineSuppressed } from '../../server/capabilities/report/combine.js';

describe('[RC-P] combining suppressed profile tables', () => {
  it('sums cells only where every site’s cell is known; any suppressed input or a sum under 5 is "< 5", with complementary suppression', () => {
    const a = [
      [10, 6, 16],
      [7, '< 5', 'hidden'],
    ] as const;
    const b = [
      [5, 5, 10],
      [8, 9, 17],
    ] as const;
    const out = combineSuppressed([a.map((r) => [...r]), b.map((r) => [...r])])!;
    // Known everywhere: summed (10 + 5, 7 + 8).
    expect(out[0][0]).toBe(15);
    expect(out[1][0]).toBe(15);
    // No row or column holds exactly one unknown cell (it could be recovered by subtraction).
    for (const line of [...out, ...out[0].map((_, c) => out.map((r) => r[c]))]) expect(line.filter((c) => typeof c !== 'number').length).not.toBe(1);
    // Unknown at one site: "< 5", never the other site's number.
    expect(out[1][1]).toBe('< 5');
    expect(out[1][2]).toBe('< 5');
    // A small sum is "< 5" and its row and column get a second hidden cell.
    const small = combineSuppressed([[[2, 10, 12], [9, 9, 18]], [[1, 10, 11], [9, 9, 18]]])!;
    expect(small[0][0]).toBe('< 5');
    for (const line of [small[0], small.map((r) => r[0])]) expect(line.filter((c) => typeof c !== 'number').length).not.toBe(1);
    // Shapes that differ do not combine.
    expect(combineSuppressed([[[1, 2]], [[1, 2, 3]]])).toBeNull();
  });
});
