import type { ReactNode } from 'react';

export interface CoordinatorRow {
  key: string | number;
  /** The row's header cell (a site, an option, an answer). */
  head: ReactNode;
  cells: ReactNode[];
  className?: string;
  /** A class for the first data cell only (the total column of the poll tables). */
  firstCellClass?: string;
}

/** One table of the coordinator view: scrollable on a phone, a header row of columns, a header cell per row. */
export function CoordinatorTable({ caption, columns, rows }: { caption?: ReactNode; columns: ReactNode[]; rows: CoordinatorRow[] }) {
  return (
    <div className="coordinator-scroll">
      <table>
        {caption !== undefined && <caption>{caption}</caption>}
        <thead>
          <tr>
            {columns.map((c, i) => (
              <th scope="col" key={i}>
                {c}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((r) => (
            <tr key={r.key} className={r.className}>
              <th scope="row">{r.head}</th>
              {r.cells.map((x, i) => (
                <td key={i} className={i === 0 ? r.firstCellClass : undefined}>
                  {x}
                </td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
