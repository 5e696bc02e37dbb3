'use client';

import { Area, AreaChart, Bar, BarChart, CartesianGrid, Legend, Line, LineChart, ReferenceLine, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import type { Annotation } from '../../server/live/annotations';
import { ANNOTATION_COLORS, STATUS_SERIES } from './chart-series';

/** Annotations as vertical lines with a label, drawn on a time axis (`t`, ms). */
function annotationLines(annotations: Annotation[], from: number, to: number) {
  return annotations
    .filter((a) => a.t >= from && a.t <= to)
    .map((a, i) => (
      <ReferenceLine
        key={`${a.t}-${i}`}
        x={a.t}
        stroke={ANNOTATION_COLORS[a.kind]}
        strokeDasharray="4 2"
        label={{ value: a.label, position: 'insideTopRight', fill: ANNOTATION_COLORS[a.kind], fontSize: 11, angle: 0 }}
        ifOverflow="extendDomain"
      />
    ));
}

/** Messages by status over time, stacked, with the annotations on it. `t` must be a number axis for ReferenceLine. */
export function StatusChart({ data, annotations, format, kind = 'area', domain }: { data: Record<string, number>[]; annotations: Annotation[]; format: (ms: number) => string; kind?: 'area' | 'bar'; domain?: [number, number] }) {
  // The axis spans the range the data covers (its last bucket included), so a change inside the last bucket is drawn.
  const [from, to] = domain ?? [data[0]?.t ?? 0, (data.at(-1)?.t ?? 0) + 1000];
  const axis = <XAxis dataKey="t" type="number" domain={[from, to]} scale="time" tickFormatter={format} minTickGap={40} fontSize={12} />;
  return (
    <div className="chart">
      <ResponsiveContainer width="100%" height="100%">
        {kind === 'area' ? (
          <AreaChart data={data} margin={{ top: 18, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            {axis}
            <YAxis allowDecimals={false} fontSize={12} />
            <Tooltip labelFormatter={(v) => format(Number(v))} />
            <Legend />
            {/* No outline: a stacked series' stroke runs along the stack's top even where it is 0, reading as that status. */}
            {STATUS_SERIES.map((s) => (
              <Area key={s.key} type="stepAfter" dataKey={s.key} name={s.name} stackId="m" stroke="none" fill={s.color} fillOpacity={0.75} isAnimationActive={false} />
            ))}
            {annotationLines(annotations, from, to)}
          </AreaChart>
        ) : (
          <BarChart data={data} margin={{ top: 18, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            {axis}
            <YAxis allowDecimals={false} fontSize={12} />
            <Tooltip labelFormatter={(v) => format(Number(v))} />
            <Legend />
            {STATUS_SERIES.map((s) => (
              <Bar key={s.key} dataKey={s.key} name={s.name} stackId="m" fill={s.color} isAnimationActive={false} />
            ))}
            {annotationLines(annotations, from, to)}
          </BarChart>
        )}
      </ResponsiveContainer>
    </div>
  );
}

export interface LineSeries {
  key: string;
  name: string;
  color: string;
}

/** Numeric series over time (viewers, flood and raid hits, latency), with the annotations; a legend for more than one. */
export function LineSeriesChart({ data, series, annotations, format, height = 160, unit }: { data: Record<string, number | null>[]; series: LineSeries[]; annotations: Annotation[]; format: (ms: number) => string; height?: number; unit?: string }) {
  const from = (data[0]?.t as number | undefined) ?? 0;
  const to = ((data.at(-1)?.t as number | undefined) ?? 0) + 1000;
  return (
    <div style={{ width: '100%', height }}>
      <ResponsiveContainer width="100%" height="100%">
        <LineChart data={data} margin={{ top: 8, right: 8, bottom: 0, left: unit ? 0 : -16 }}>
          <CartesianGrid strokeDasharray="3 3" vertical={false} />
          <XAxis dataKey="t" type="number" domain={[from, to]} scale="time" tickFormatter={format} minTickGap={40} fontSize={12} />
          {/* A unit widens the labels: the axis gets the room for them ("2500 ms"), or recharts clips their first digits. */}
          <YAxis allowDecimals={false} fontSize={12} unit={unit} width={unit ? 64 : 60} />
          <Tooltip labelFormatter={(v) => format(Number(v))} />
          {series.length > 1 && <Legend />}
          {series.map((s) => (
            <Line key={s.key} type="stepAfter" dataKey={s.key} name={s.name} stroke={s.color} dot={false} connectNulls isAnimationActive={false} />
          ))}
          {annotationLines(annotations, from, to)}
        </LineChart>
      </ResponsiveContainer>
    </div>
  );
}
