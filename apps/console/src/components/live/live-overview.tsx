'use client';

import { useSubscription } from '@trpc/tanstack-react-query';
import Link from 'next/link';
import { useMemo, useState } from 'react';
import type { Overview, RoomLive } from '../../server/live/live-overview';
import { useTRPC } from '../../trpc/react';
import { Sparkline } from './sparkline';

type SortKey = 'room' | 'viewers' | 'messagesPerSecond' | 'chatters5m' | 'refusedPercent' | 'flood5m' | 'raid5m';
const COLUMNS: { key: SortKey; label: string }[] = [
  { key: 'room', label: 'Room' },
  { key: 'viewers', label: 'Viewers now' },
  { key: 'messagesPerSecond', label: 'Msgs/s' },
  { key: 'chatters5m', label: 'Chatters 5 min' },
  { key: 'refusedPercent', label: 'Refused %' },
  { key: 'flood5m', label: 'Flood hits 5 min' },
  { key: 'raid5m', label: 'Raid hits 5 min' },
];

const mb = (bytes: number) => `${Math.round(bytes / 1024 / 1024)} MB`;
const num = (n: number | null | undefined, digits = 0) => (n === null || n === undefined ? '–' : n.toFixed(digits));

function sortRooms(rooms: RoomLive[], key: SortKey, desc: boolean): RoomLive[] {
  const dir = desc ? -1 : 1;
  return [...rooms].sort((a, b) => {
    const x = a[key] ?? -1;
    const y = b[key] ?? -1;
    const c = typeof x === 'string' && typeof y === 'string' ? x.localeCompare(y) : Number(x) - Number(y);
    return c * dir || a.room.localeCompare(b.room);
  });
}

/** The console's home: rooms, nodes and pipeline, pushed once per second (live.onOverview over SSE). */
export function LiveOverview() {
  const trpc = useTRPC();
  const [data, setData] = useState<Overview | null>(null);
  const [sort, setSort] = useState<{ key: SortKey; desc: boolean }>({ key: 'messagesPerSecond', desc: true });
  const sub = useSubscription(trpc.live.onOverview.subscriptionOptions(undefined, { onData: (o) => setData(o as Overview) }));
  const rooms = useMemo(() => sortRooms(data?.rooms ?? [], sort.key, sort.desc), [data, sort]);
  const p = data?.pipeline;
  return (
    <>
      <h1>
        Overview <span className="muted" style={{ fontSize: 14 }} data-testid="overview-status">{sub.status === 'pending' && data ? `live · ${new Date(data.at).toLocaleTimeString()}` : sub.status}</span>
      </h1>
      {sub.error && <p className="error">{sub.error.message}</p>}
      <div data-testid="banners">
        {data?.banners.map((b, i) => (
          <div key={i} role="status" data-kind={b.kind} className="panel" style={{ borderColor: '#c23934', background: '#fdecea', color: '#7d1f1c', padding: '8px 12px' }}>
            ⚠ {b.text}
          </div>
        ))}
      </div>
      <div className="panel" data-testid="rooms-live">
        <h2>
          Rooms live <span className="muted">counted in the last 5 min</span>
        </h2>
        <table>
          <thead>
            <tr>
              {COLUMNS.map((c) => (
                <th key={c.key}>
                  <button
                    type="button"
                    style={{ background: 'none', color: 'inherit', border: 'none', padding: 0, font: 'inherit', cursor: 'pointer', fontWeight: sort.key === c.key ? 700 : 400 }}
                    onClick={() => setSort((s) => ({ key: c.key, desc: s.key === c.key ? !s.desc : c.key !== 'room' }))}
                  >
                    {c.label} {sort.key === c.key ? (sort.desc ? '▼' : '▲') : ''}
                  </button>
                </th>
              ))}
              <th>Last 60 s</th>
            </tr>
          </thead>
          <tbody>
            {rooms.map((r) => (
              <tr key={r.room} data-room={r.room}>
                <td>
                  <Link href={`/rooms/${encodeURIComponent(r.room)}/live`}>{r.room}</Link>
                </td>
                <td data-testid="viewers">{r.viewers}</td>
                <td data-testid="msgs-per-second">{num(r.messagesPerSecond, 1)}</td>
                <td>{r.chatters5m}</td>
                <td>{num(r.refusedPercent, 1)}</td>
                <td>{r.flood5m}</td>
                <td>{r.raid5m}</td>
                <td>
                  <Sparkline values={r.sparkline} />
                </td>
              </tr>
            ))}
            {data && rooms.length === 0 && (
              <tr>
                <td colSpan={COLUMNS.length + 1} className="muted">
                  No room had a message or a viewer in the last 5 minutes.
                </td>
              </tr>
            )}
          </tbody>
        </table>
      </div>
      <div className="panel" data-testid="nodes-live">
        <h2>
          Nodes <span className="muted">rules version in force: {data?.currentVersion ?? '…'}</span>
        </h2>
        <table>
          <thead>
            <tr>
              <th>Node</th>
              <th>State</th>
              <th>Connections</th>
              <th>Rooms</th>
              <th>Msgs in/s</th>
              <th>Msgs out/s</th>
              <th>Delivery p99</th>
              <th>Event-loop lag p99</th>
              <th>RSS</th>
              <th>Rules version</th>
            </tr>
          </thead>
          <tbody>
            {data?.nodes.map((n) => (
              <tr key={n.nodeId} data-node={n.nodeId}>
                <td>{n.nodeId}</td>
                <td>{n.up ? <span className="badge ok">up</span> : <span className="badge bad">down</span>}</td>
                <td>{n.connections}</td>
                <td>{n.load?.rooms ?? '–'}</td>
                <td>{num(n.load?.messagesInPerSecond, 1)}</td>
                <td>{num(n.load?.messagesOutPerSecond, 1)}</td>
                <td>{n.load?.fanoutP99Ms === undefined ? '–' : `≤ ${n.load.fanoutP99Ms} ms`}</td>
                <td>{n.load ? `${num(n.load.eventLoopLagP99Ms, 1)} ms` : '–'}</td>
                <td>{n.load ? mb(n.load.rssBytes) : '–'}</td>
                <td>
                  {n.rulesVersion} {n.behind && <span className="badge warn">old</span>}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      </div>
      <div className="panel" data-testid="pipeline-live">
        <h2>Pipeline</h2>
        <table>
          <tbody>
            {p?.lag.map((l) => (
              <tr key={l.topic}>
                <td>Ingest lag on {l.topic}</td>
                <td>{l.lag ?? '–'} events</td>
              </tr>
            ))}
            <tr>
              <td>Messages queryable per second (last 10 s)</td>
              <td>{num(p?.ingestRowsPerSecond, 1)}</td>
            </tr>
            <tr>
              <td>Message → queryable freshness</td>
              <td>{p?.freshnessMs === null || p?.freshnessMs === undefined ? '–' : `${(p.freshnessMs / 1000).toFixed(1)} s behind`}</td>
            </tr>
            <tr>
              <td>DLQ</td>
              <td>
                {p?.dlq ?? '–'} events {p?.dlqGrowing && <span className="badge bad">growing</span>}
              </td>
            </tr>
          </tbody>
        </table>
      </div>
    </>
  );
}
