'use client';

import { useState } from 'react';
import { Bar, BarChart, CartesianGrid, Line, LineChart, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';

type Column = { name: string; type: string };

/** Column types a y axis can plot (ClickHouse sends 64-bit integers and decimals as strings: they are converted). */
const NUMERIC = /^(Nullable\()?(U?Int\d+|Float\d+|Decimal)/;

/** The result as a chart: pick the x column and a numeric y column; line or bar. */
export function ResultChart({ columns, rows, suggested }: { columns: Column[]; rows: unknown[][]; suggested: { x: string; y: string } | null }) {
  const numeric = columns.filter((c) => NUMERIC.test(c.type.replace(/^LowCardinality\(/, '')));
  const has = (name: string | undefined) => columns.some((c) => c.name === name);
  const [x, setX] = useState(has(suggested?.x) ? suggested!.x : (columns[0]?.name ?? ''));
  const [y, setY] = useState(has(suggested?.y) ? suggested!.y : (numeric.find((c) => c.name !== x)?.name ?? numeric[0]?.name ?? ''));
  const [kind, setKind] = useState<'bar' | 'line'>('bar');
  if (numeric.length === 0 || rows.length === 0) return <p className="muted">No numeric column to chart: the table below is the answer.</p>;
  const xi = columns.findIndex((c) => c.name === x);
  const yi = columns.findIndex((c) => c.name === y);
  const data = rows.slice(0, 2000).map((r) => ({ x: String(r[xi] as string), y: Number(r[yi]) }));
  const Chart = kind === 'bar' ? BarChart : LineChart;
  return (
    <div data-testid="result-chart">
      <div className="row">
        <label>
          x
          <select aria-label="chart x" value={x} onChange={(e) => setX(e.target.value)}>
            {columns.map((c) => (
              <option key={c.name}>{c.name}</option>
            ))}
          </select>
        </label>
        <label>
          y
          <select aria-label="chart y" value={y} onChange={(e) => setY(e.target.value)}>
            {numeric.map((c) => (
              <option key={c.name}>{c.name}</option>
            ))}
          </select>
        </label>
        <label>
          chart
          <select aria-label="chart kind" value={kind} onChange={(e) => setKind(e.target.value as 'bar' | 'line')}>
            <option value="bar">bar</option>
            <option value="line">line</option>
          </select>
        </label>
      </div>
      <div className="chart">
        <ResponsiveContainer width="100%" height="100%">
          <Chart data={data} margin={{ top: 8, right: 8, bottom: 0, left: 0 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="x" fontSize={12} minTickGap={16} />
            <YAxis fontSize={12} />
            <Tooltip />
            {kind === 'bar' ? <Bar dataKey="y" name={y} fill="#3056d3" isAnimationActive={false} /> : <Line dataKey="y" name={y} stroke="#3056d3" dot={false} isAnimationActive={false} />}
          </Chart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
