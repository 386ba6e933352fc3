import { PROFILE_LIMITS, type SuppressedCell } from '../domain/profile/schemas.js';

/**
 * Small-cell suppression of a table of people counts, for every published profile figure (report formats,
 * live console, coordinator view).
 *
 * Primary: any cell under the threshold (5; zero included) is shown as "< 5".
 * Complementary: the table's last column is each row's total, and every column's total is published beside
 * the table (participants by modality, a poll's overall counts). A row or a column with exactly one hidden cell
 * would give it away by subtraction, so while any row or column holds exactly one hidden cell, its smallest
 * shown cell is hidden too (shown as "hidden"). Rows of a multiple-choice poll do not sum exactly to their
 * total; treating them as if they did only hides more.
 *
 * The rule covers single lines, not every combination of lines (a determined reader with several tables may
 * still bound a cell); docs/architecture.md says so.
 */
export function suppressTable(cells: number[][], threshold: number = PROFILE_LIMITS.threshold): SuppressedCell[][] {
  const out: SuppressedCell[][] = cells.map((row) => row.map((n) => (n < threshold ? '< 5' : n)));
  const hidden = (r: number, c: number) => typeof out[r][c] !== 'number';
  const lines: Array<Array<[number, number]>> = [];
  for (let r = 0; r < cells.length; r++) lines.push(cells[r].map((_, c) => [r, c]));
  const width = cells[0]?.length ?? 0;
  for (let c = 0; c < width; c++) lines.push(cells.map((_, r) => [r, c]));
  for (let changed = true; changed; ) {
    changed = false;
    for (const line of lines) {
      if (line.filter(([r, c]) => hidden(r, c)).length !== 1) continue;
      let pick: [number, number] | null = null;
      for (const [r, c] of line) if (!hidden(r, c) && (!pick || cells[r][c] < cells[pick[0]][pick[1]])) pick = [r, c];
      if (!pick) continue;
      out[pick[0]][pick[1]] = 'hidden';
      changed = true;
    }
  }
  return out;
}

/** A published cell as text: the number, "< 5", or "hidden". */
export const cellText = (c: SuppressedCell): string => String(c);
