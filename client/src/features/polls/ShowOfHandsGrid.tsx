import { useMemo, useState } from 'react';
import type { Poll } from '../../../../shared/domain/polls/schemas.js';
import type { SessionState } from '../../../../shared/domain/state.js';
import type { SessionConnection } from '../../net/connection.js';
import { useI18n } from '../../i18n/i18n.js';
import { own, ownEach } from '../../../../shared/domain/keyed.js';
import { optionLabels } from './ResultsView.js';

/** The most hands one cell accepts (the server's POLL_LIMITS.maxShowOfHands is the real bound). */
const MAX_CELL = 10_000;

/**
 * The hall's show of hands entered in one grid instead of one prompt() per option: a column per option (or scale
 * value), a row per table when the hall sits at tables (one row "hall" otherwise), the running totals underneath,
 * Save sends the totals per option (the series the server keeps), Undo puts back the counts saved before.
 * The per-table rows are an aid to counting; only the totals are logged (see docs/architecture.md).
 */
export function ShowOfHandsGrid({ state, conn, poll, onDone }: { state: SessionState; conn: SessionConnection; poll: Poll; onDone: (r: { ok: boolean; error?: { message: string } }) => void }) {
  const { t, lang } = useI18n();
  const labels = optionLabels(poll, t, lang, state.languages);
  const tables = useMemo(() => {
    const set = new Set<string>();
    for (const p of ownEach(state.people, state.roster)) if (!p.removed && p.modality === 'onsite' && p.table) set.add(p.table);
    return [...set].sort((a, b) => a.localeCompare(b, undefined, { numeric: true }));
  }, [state.people, state.roster]);
  const saved = own(state.showOfHands, poll.id) ?? null;
  const rows = tables.length ? tables : [''];
  // The grid starts from what was saved: in the first row when there are no tables, else empty (counted afresh).
  const [cells, setCells] = useState<string[][]>(() => rows.map((_, r) => labels.map((_, i) => (r === 0 && !tables.length && saved ? String(saved[i] ?? 0) : ''))));
  const [previous, setPrevious] = useState<number[] | null>(null);
  const [error, setError] = useState('');
  const value = (s: string) => (s.trim() === '' ? 0 : Number(s));
  const valid = (s: string) => s.trim() === '' || (/^\d+$/.test(s.trim()) && Number(s) <= MAX_CELL);
  const totals = labels.map((_, i) => cells.reduce((n, row) => n + (valid(row[i] ?? '') ? value(row[i] ?? '') : 0), 0));
  const all = totals.reduce((a, b) => a + b, 0);
  const set = (r: number, i: number, v: string) => setCells((prev) => prev.map((row, ri) => (ri === r ? row.map((c, ci) => (ci === i ? v : c)) : row)));
  const send = async (counts: number[], before: number[] | null) => {
    const res = await conn.request('polls:showOfHands', { pollId: poll.id, counts });
    if (res.ok) setPrevious(before);
    onDone(res);
  };
  const save = () => {
    if (!cells.every((row) => row.every(valid))) {
      setError(t('hands.invalid'));
      return;
    }
    setError('');
    void send(totals, saved ? [...saved] : labels.map(() => 0));
  };
  return (
    <div className="hands-grid" data-testid="hands-grid">
      <table>
        <caption className="visually-hidden">{t('hands.caption')}</caption>
        <thead>
          <tr>
            <th scope="col">{tables.length ? t('hands.table') : ''}</th>
            {labels.map((l, i) => (
              <th key={i} scope="col">
                <bdi>{l}</bdi>
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((table, r) => (
            <tr key={table || 'hall'}>
              <th scope="row">{table ? t('rooms.table', { n: table }) : t('hands.hall')}</th>
              {labels.map((l, i) => (
                <td key={i}>
                  <input
                    type="text"
                    inputMode="numeric"
                    aria-label={table ? t('hands.cellTable', { option: l, table }) : t('polls.handsFor', { option: l })}
                    aria-invalid={!valid(cells[r]?.[i] ?? '')}
                    value={cells[r]?.[i] ?? ''}
                    placeholder="0"
                    onChange={(e) => set(r, i, e.target.value)}
                  />
                </td>
              ))}
            </tr>
          ))}
        </tbody>
        <tfoot>
          <tr>
            <th scope="row">{t('hands.total')}</th>
            {totals.map((n, i) => (
              <td key={i} data-testid="hands-total">
                {n}
              </td>
            ))}
          </tr>
        </tfoot>
      </table>
      <p role="status" aria-live="polite">
        {t('hands.runningTotal', { n: all })}
        {saved && ` · ${t('hands.saved', { counts: saved.join(' / ') })}`}
      </p>
      {error && (
        <p className="alert" role="alert">
          {error}
        </p>
      )}
      <div className="actions">
        <button type="button" className="primary-inline" onClick={save}>
          {t('hands.save')}
        </button>
        {previous && (
          <button type="button" onClick={() => void send(previous, null)}>
            {t('hands.undo')}
          </button>
        )}
        <button type="button" onClick={() => setCells(rows.map(() => labels.map(() => '')))}>
          {t('hands.clear')}
        </button>
      </div>
    </div>
  );
}
