'use client';

import { useQuery } from '@tanstack/react-query';
import { Bar, BarChart, CartesianGrid, Legend, ResponsiveContainer, Tooltip, XAxis, YAxis } from 'recharts';
import { errorText, useTRPC } from '../trpc/react';

const time = (ms: number) => new Date(ms).toLocaleTimeString([], { hour: '2-digit', minute: '2-digit' });

/** Messages per minute over the last hour, from the ClickHouse rollup; refetched every 5 s. */
export function MessagesChart({ room }: { room: string }) {
  const trpc = useTRPC();
  const series = useQuery({ ...trpc.analytics.messagesPerMinute.queryOptions({ room, minutes: 60 }), refetchInterval: 5_000 });
  const total = series.data?.reduce((n, p) => n + p.total, 0) ?? 0;
  return (
    <div className="panel" data-testid="messages-chart">
      <h2>
        Messages per minute <span className="muted">last 60 min · {total} messages</span>
      </h2>
      {series.error && <p className="error">{errorText(series.error)}</p>}
      <div className="chart">
        <ResponsiveContainer width="100%" height="100%">
          <BarChart data={series.data ?? []} margin={{ top: 8, right: 8, bottom: 0, left: -16 }}>
            <CartesianGrid strokeDasharray="3 3" vertical={false} />
            <XAxis dataKey="minute" tickFormatter={time} minTickGap={24} fontSize={12} />
            <YAxis allowDecimals={false} fontSize={12} />
            <Tooltip labelFormatter={(v) => time(Number(v))} />
            <Legend />
            <Bar dataKey="accepted" name="delivered" stackId="m" fill="#3056d3" isAnimationActive={false} />
            <Bar dataKey="rejected" name="blocked / held / rejected" stackId="m" fill="#c23934" isAnimationActive={false} />
          </BarChart>
        </ResponsiveContainer>
      </div>
    </div>
  );
}
