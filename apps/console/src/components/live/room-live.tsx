'use client';

import { useSubscription } from '@trpc/tanstack-react-query';
import { useMemo, useState } from 'react';
import type { LiveSecond } from '../../server/live/live-series';
import type { RoomLiveView } from '../../server/live/live-room';
import { useTRPC } from '../../trpc/react';
import type { Annotation } from '../../server/live/annotations';
import { LineSeriesChart, StatusChart, type LineSeries } from './annotated-chart';
import { ANNOTATION_COLORS, clock, ruleLabel, STATUS_KEYS } from './chart-series';
import { downloadCsv, toCsv } from './to-csv';

const WINDOW = 900;
const ms = (v: number | null) => (v === null ? '–' : `${v} ms`);

/** Merges a tick's seconds into the window by `t` and keeps the last 15 minutes. */
function merge(now: LiveSecond[], incoming: LiveSecond[]): LiveSecond[] {
  const byT = new Map(now.map((s) => [s.t, s]));
  for (const s of incoming) byT.set(s.t, s);
  return [...byT.values()].sort((a, b) => a.t - b.t).slice(-WINDOW);
}

/** A room live: 15 minutes at 1 s by status with annotations, viewers, latency, flood and raid hits, joins, sampling, tops (live.onRoom over SSE). */
export function RoomLive({ room }: { room: string }) {
  const trpc = useTRPC();
  const [seconds, setSeconds] = useState<LiveSecond[]>([]);
  const [view, setView] = useState<RoomLiveView | null>(null);
  const sub = useSubscription(
    trpc.live.onRoom.subscriptionOptions(
      { room },
      {
        onData: (raw) => {
          const v = raw as RoomLiveView;
          setView(v);
          setSeconds((now) => (v.kind === 'snapshot' ? v.seconds : merge(now, v.seconds)));
        },
      },
    ),
  );
  const rows = useMemo(() => seconds.map((s) => ({ t: s.t, ...s.counts })), [seconds]);
  const viewers = useMemo(() => seconds.map((s) => ({ t: s.t, viewers: s.viewers })), [seconds]);
  const detections = useMemo(() => seconds.map((s) => ({ t: s.t, flood: s.counts.flood, raid: s.counts.raid })), [seconds]);
  const latency = useMemo(() => seconds.map((s) => ({ t: s.t, p50: s.p50Ms, p99: s.p99Ms })), [seconds]);
  const delivery = useMemo(() => seconds.map((s) => ({ t: s.t, sampled: s.counts.sampled, joins: s.counts.joins })), [seconds]);
  const totals = view?.totals15m;
  const last5 = rows.slice(-5);
  const rate = last5.reduce((n, r) => n + STATUS_KEYS.reduce((m, k) => m + ((r as Record<string, number>)[k] ?? 0), 0), 0) / 5;
  const total = rows.reduce((n, r) => n + STATUS_KEYS.reduce((m, k) => m + ((r as Record<string, number>)[k] ?? 0), 0), 0);
  const annotations = view?.annotations ?? [];
  return (
    <>
      <div className="panel" data-testid="room-live">
        <h2>
          Messages per second by status <span className="muted">last 15 min at 1 s · {sub.status === 'pending' && view ? `live · ${clock(view.at)}` : sub.status}</span>
        </h2>
        <p>
          Now: <strong data-testid="room-rate">{rate.toFixed(1)}</strong> msg/s · <strong data-testid="room-total">{total}</strong> messages in 15 min · viewers <strong data-testid="room-viewers">{view?.viewers ?? '–'}</strong> · chatters (15 min){' '}
          <strong>{view?.chatters15m ?? '–'}</strong> · flood hits <strong data-testid="room-flood">{totals?.flood ?? '–'}</strong> · raid hits <strong data-testid="room-raid">{totals?.raid ?? '–'}</strong> · delivery p50 / p99{' '}
          <strong data-testid="room-latency">{totals ? `${ms(totals.p50Ms)} / ${ms(totals.p99Ms)}` : '–'}</strong> · joins <strong data-testid="room-joins">{totals?.joins ?? '–'}</strong> · deliveries sampled out{' '}
          <strong data-testid="room-sampled">{totals?.sampled ?? '–'}</strong> <span className="muted">(15 min)</span>{' '}
          <button type="button" className="secondary" onClick={() => downloadCsv(`${room}-live-by-status.csv`, toCsv(rows, ['t', ...STATUS_KEYS, 'flood', 'raid', 'sampled', 'joins']))}>
            CSV
          </button>
        </p>
        {sub.error && <p className="error">{sub.error.message}</p>}
        <StatusChart data={rows} annotations={annotations} format={clock} />
      </div>
      <SeriesPanel title="Viewers" data={viewers} series={[{ key: 'viewers', name: 'viewers', color: '#00796b' }]} annotations={annotations} />
      <SeriesPanel
        title="Delivery latency"
        note="publish → written to the room's viewers, p50 / p99 per second, ms (nodes' histograms)"
        data={latency}
        series={[
          { key: 'p50', name: 'p50', color: '#3056d3' },
          { key: 'p99', name: 'p99', color: '#c23934' },
        ]}
        annotations={annotations}
        unit=" ms"
        csv={{ file: `${room}-live-latency.csv`, columns: ['t', 'p50', 'p99'] }}
      />
      <SeriesPanel
        title="Flood and raid detections"
        note="messages a spam rule hit, per second"
        data={detections}
        series={[
          { key: 'flood', name: 'flood (rate, duplicate, caps…)', color: '#e65100' },
          { key: 'raid', name: 'raid', color: '#6a1b9a' },
        ]}
        annotations={annotations}
        height={140}
      />
      <SeriesPanel
        title="Joins and sampling"
        note="viewers joining per second; deliveries the overload policy left out of viewers' samples per second"
        data={delivery}
        series={[
          { key: 'joins', name: 'joins', color: '#00796b' },
          { key: 'sampled', name: 'sampled out', color: '#9b8bd9' },
        ]}
        annotations={annotations}
        height={140}
      />
      <div className="panel" data-testid="annotations">
        <h2>Changes on the timeline</h2>
        {annotations.length === 0 ? (
          <p className="muted">No rule, mode or sanction change in the last 15 minutes.</p>
        ) : (
          <ul>
            {[...annotations].reverse().map((a, i) => (
              <li key={i} data-kind={a.kind}>
                <span style={{ color: ANNOTATION_COLORS[a.kind] }}>■</span> {clock(a.t)} <strong>{a.kind}</strong> {a.label} <span className="muted">by {a.by}</span>
              </li>
            ))}
          </ul>
        )}
      </div>
      <Tops view={view} />
    </>
  );
}

/** One panel of time series on the room's timeline: a title, what it counts, the chart, and optionally its CSV. */
function SeriesPanel(props: {
  title: string;
  note?: string;
  data: Record<string, number | null>[];
  series: LineSeries[];
  annotations: Annotation[];
  height?: number;
  unit?: string;
  csv?: { file: string; columns: string[] };
}) {
  const { title, note, data, series, annotations, height, unit, csv } = props;
  return (
    <div className="panel">
      <h2>
        {title} {note && <span className="muted">{note}</span>}{' '}
        {csv && (
          <button type="button" className="secondary" onClick={() => downloadCsv(csv.file, toCsv(data, csv.columns))}>
            CSV
          </button>
        )}
      </h2>
      <LineSeriesChart data={data} series={series} annotations={annotations} format={clock} {...(height === undefined ? {} : { height })} {...(unit === undefined ? {} : { unit })} />
    </div>
  );
}

function Tops({ view }: { view: RoomLiveView | null }) {
  const t = view?.tops;
  return (
    <div className="panel" style={{ display: 'flex', gap: 24, flexWrap: 'wrap' }}>
      <div>
        <h2>Top rules</h2>
        <table>
          <tbody>
            {t?.rules.map((r) => (
              <tr key={r.ruleId}>
                <td title={r.ruleId}>{ruleLabel(r)}</td>
                <td className="muted">{r.kind}</td>
                <td>{r.hits}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {t?.rules.length === 0 && <p className="muted">none</p>}
      </div>
      <div>
        <h2>Top terms</h2>
        <table>
          <tbody>
            {t?.terms.map((r) => (
              <tr key={r.term}>
                <td>{r.term}</td>
                <td>{r.hits}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {t?.terms.length === 0 && <p className="muted">none</p>}
      </div>
      <div>
        <h2>Top chatters</h2>
        <table>
          <tbody>
            {t?.chatters.map((r) => (
              <tr key={r.user}>
                <td>{r.user}</td>
                <td>{r.messages}</td>
              </tr>
            ))}
          </tbody>
        </table>
        {t?.chatters.length === 0 && <p className="muted">none</p>}
      </div>
    </div>
  );
}
