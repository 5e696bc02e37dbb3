'use client';

/** Rows shown at once; the rest are in the CSV export. */
const SHOWN = 1000;

const cell = (v: unknown) => (v === null ? 'NULL' : typeof v === 'object' ? JSON.stringify(v) : String(v as string | number | boolean));

export function ResultTable({ columns, rows }: { columns: { name: string; type: string }[]; rows: unknown[][] }) {
  return (
    <div className="result-table">
      <table data-testid="result-table">
        <thead>
          <tr>
            {columns.map((c) => (
              <th key={c.name} title={c.type}>
                {c.name}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.slice(0, SHOWN).map((row, i) => (
            <tr key={i}>
              {row.map((v, j) => (
                <td key={j}>{cell(v)}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
      {rows.length > SHOWN && <p className="muted">First {SHOWN} of {rows.length} rows shown; Export CSV has them all.</p>}
    </div>
  );
}
