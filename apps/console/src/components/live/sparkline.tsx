'use client';

import { Line, LineChart, YAxis } from 'recharts';

/** A tiny line of the last 60 s of messages per second (no axes, no animation). */
export function Sparkline({ values, width = 120, height = 28 }: { values: number[]; width?: number; height?: number }) {
  const data = values.map((v, i) => ({ i, v }));
  return (
    <LineChart width={width} height={height} data={data} margin={{ top: 2, right: 2, bottom: 2, left: 2 }}>
      <YAxis hide domain={[0, 'dataMax']} />
      <Line type="monotone" dataKey="v" stroke="#3056d3" dot={false} strokeWidth={1.5} isAnimationActive={false} />
    </LineChart>
  );
}
