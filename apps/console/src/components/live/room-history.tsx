'use client';

import { useQuery } from '@tanstack/react-query';
import { useMemo, useState } from 'react';
import { errorText, useTRPC } from '../../trpc/react';
import { StatusChart } from './annotated-chart';
import { ANNOTATION_COLORS, dateTime, pivotByStatus, regroup, ruleLabel, STATUS_KEYS } from './chart-series';
import { downloadCsv, toCsv } from './to-csv';

const MIN = 60_000;
const PRESETS = [
  { key: '1h', label: '1 h', ms: 3600_000 },
  { key: '24h', label: '24 h', ms: 86_400_000 },
  { key: '7d', label: '7 d', ms: 7 * 86_400_000 },
  { key: '30d', label: '30 d', ms: 30 * 86_400_000 },
] as const;
/** Bar widths the charts use: the smallest that keeps a chart at ≤ ~720 bars. */
const GROUPS = [1, 5, 15, 30, 60, 120, 360, 720, 1440].map((m) => m * MIN);
export const groupFor = (spanMs: number) => GROUPS.find((g) => spanMs / g <= 720) ?? GROUPS.at(-1)!;

const toLocalInput = (ms: number) => new Date(ms - new Date(ms).getTimezoneOffset() * MIN).toISOString().slice(0, 16);

/** A room's history from the per-minute rollups: presets or a custom range, CSV of every chart. */
export function RoomHistory({ room }: { room: string }) {
  const trpc = useTRPC();
  const [preset, setPreset] = useState<string>('1h');
  const [anchor, setAnchor] = useState(() => Math.ceil(Date.now() / MIN) * MIN);
  const [custom, setCustom] = useState(() => ({ from: toLocalInput(anchor - 3600_000), to: toLocalInput(anchor) }));
  const range = useMemo(() => {
    if (preset === 'custom') return { from: new Date(custom.from).getTime(), to: new Date(custom.to).getTime() };
    const p = PRESETS.find((x) => x.key === preset)!;
    return { from: anchor - p.ms, to: anchor };
  }, [preset, anchor, custom]);
  const valid = Number.isFinite(range.from) && Number.isFinite(range.to) && range.to > range.from;
  const history = useQuery({ ...trpc.live.history.queryOptions({ room, range }), enabled: valid });
  const group = groupFor(range.to - range.from);
  const rows = useMemo(() => (history.data ? regroup(pivotByStatus(history.data.messages, range.from, range.to, MIN), group) : []), [history.data, range, group]);
  const total = rows.reduce((n, r) => n + STATUS_KEYS.reduce((m, k) => m + (r[k] ?? 0), 0), 0);
  const annotations = history.data?.annotations ?? [];
  const csv = (name: string, data: Record<string, unknown>[], columns: string[]) => downloadCsv(`${room}-${name}-${new Date(range.from).toISOString().slice(0, 16)}.csv`, toCsv(data, columns));
  return (
    <>
      <div className="panel">
        <span className="muted">Range: </span>
        {PRESETS.map((p) => (
          <button key={p.key} type="button" aria-pressed={preset === p.key} className={preset === p.key ? undefined : 'secondary'} style={{ marginRight: 6 }} onClick={() => (setPreset(p.key), setAnchor(Math.ceil(Date.now() / MIN) * MIN))}>
            {p.label}
          </button>
        ))}
        <button type="button" aria-pressed={preset === 'custom'} className={preset === 'custom' ? undefined : 'secondary'} onClick={() => setPreset('custom')}>
          custom
        </button>
        {preset === 'custom' && (
          <span style={{ marginLeft: 12 }}>
            <label>
              from <input type="datetime-local" aria-label="from" value={custom.from} onChange={(e) => setCustom((c) => ({ ...c, from: e.target.value }))} />
            </label>{' '}
            <label>
              to <input type="datetime-local" aria-label="to" value={custom.to} onChange={(e) => setCustom((c) => ({ ...c, to: e.target.value }))} />
            </label>
          </span>
        )}
        {!valid && <p className="error">The end of the range must be after its start.</p>}
      </div>
      <div className="panel" data-testid="history-messages">
        <h2>
          Messages by status{' '}
          <span className="muted">
            {dateTime(range.from)} – {dateTime(range.to)} · {group / MIN} min bars · {total} messages · {history.data?.chatters ?? '–'} chatters
          </span>{' '}
          <button type="button" className="secondary" disabled={!history.data} onClick={() => csv('messages', rows, ['t', ...STATUS_KEYS])}>
            CSV
          </button>
        </h2>
        {history.error && <p className="error">{errorText(history.error)}</p>}
        <StatusChart data={rows} annotations={annotations} format={dateTime} kind="bar" domain={[range.from, range.to]} />
      </div>
      <div className="panel" style={{ display: 'flex', gap: 24, flexWrap: 'wrap' }}>
        <div>
          <h2>
            Top rules <button type="button" className="secondary" disabled={!history.data} onClick={() => csv('rules', history.data?.rules ?? [], ['ruleId', 'kind', 'term', 'hits'])}>CSV</button>
          </h2>
          <table>
            <tbody>
              {history.data?.rules.map((r) => (
                <tr key={r.ruleId}>
                  <td title={r.ruleId}>{ruleLabel(r)}</td>
                  <td className="muted">{r.kind}</td>
                  <td>{r.hits}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h2>
            Top terms <button type="button" className="secondary" disabled={!history.data} onClick={() => csv('terms', history.data?.terms ?? [], ['term', 'hits'])}>CSV</button>
          </h2>
          <table>
            <tbody>
              {history.data?.terms.map((r) => (
                <tr key={r.term}>
                  <td>{r.term}</td>
                  <td>{r.hits}</td>
                </tr>
              ))}
            </tbody>
          </table>
        </div>
        <div>
          <h2>
            Changes <button type="button" className="secondary" disabled={!history.data} onClick={() => csv('changes', annotations, ['t', 'kind', 'label', 'by'])}>CSV</button>
          </h2>
          <ul data-testid="history-annotations">
            {annotations.map((a, i) => (
              <li key={i}>
                <span style={{ color: ANNOTATION_COLORS[a.kind] }}>■</span> {dateTime(a.t)} <strong>{a.kind}</strong> {a.label} <span className="muted">by {a.by}</span>
              </li>
            ))}
          </ul>
        </div>
      </div>
    </>
  );
}
