'use client';

import { useSubscription } from '@trpc/tanstack-react-query';
import { useMemo, useState } from 'react';
import type { LiveSecond } from '../../server/live/live-series';
import type { RoomLiveView } from '../../server/live/live-room';
import { useTRPC } from '../../trpc/react';
import { LineSeriesChart, StatusChart } from './annotated-chart';
import { ANNOTATION_COLORS, clock, STATUS_KEYS } from './chart-series';
import { downloadCsv, toCsv } from './to-csv';

const WINDOW = 900;

/** Merges a tick's seconds into the window by `t` and keeps the last 15 minutes. */
function merge(now: LiveSecond[], incoming: LiveSecond[]): LiveSecond[] {
  const byT = new Map(now.map((s) => [s.t, s]));
  for (const s of incoming) byT.set(s.t, s);
  return [...byT.values()].sort((a, b) => a.t - b.t).slice(-WINDOW);
}

/** A room live: 15 minutes at 1 s by status with annotations, viewers, flood hits, tops (live.onRoom over SSE). */
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
  const flood = useMemo(() => seconds.map((s) => ({ t: s.t, flood: s.counts.flood })), [seconds]);
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
          <strong>{view?.chatters15m ?? '–'}</strong> · flood hits (15 min) <strong>{view?.flood15m ?? '–'}</strong>{' '}
          <button type="button" className="secondary" onClick={() => downloadCsv(`${room}-live-by-status.csv`, toCsv(rows, ['t', ...STATUS_KEYS, 'flood']))}>
            CSV
          </button>
        </p>
        {sub.error && <p className="error">{sub.error.message}</p>}
        <StatusChart data={rows} annotations={annotations} format={clock} />
      </div>
      <div className="panel">
        <h2>Viewers</h2>
        <LineSeriesChart data={viewers} dataKey="viewers" name="viewers" color="#00796b" annotations={annotations} format={clock} />
      </div>
      <div className="panel">
        <h2>Flood detections (messages a spam rule hit, per second)</h2>
        <LineSeriesChart data={flood} dataKey="flood" name="flood hits" color="#e65100" annotations={annotations} format={clock} height={120} />
      </div>
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
                <td>{r.ruleId}</td>
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
