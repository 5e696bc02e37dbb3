'use client';

import { useQuery } from '@tanstack/react-query';
import type { inferRouterOutputs } from '@trpc/server';
import { useState } from 'react';
import type { AppRouter } from '../server/api/root';
import { errorText, useTRPC } from '../trpc/react';
import { DeleteMessageButton, LiftButton, SanctionActions } from './user-actions';

export type UserPageData = inferRouterOutputs<AppRouter>['users']['get'];

const STATUS_BADGE: Record<string, string> = { accepted: 'ok', masked: 'warn', held: 'warn', 'held, approved': 'ok', deleted: 'bad', blocked: 'bad', rejected: 'bad', 'held, rejected': 'bad', 'held, expired': 'bad', shadowed: 'warn' };
/** What viewers were shown, so what a moderator may still remove. */
const DELIVERED = new Set(['accepted', 'masked', 'held, approved']);
const when = (ms: number) => new Date(ms).toLocaleString();
const until = (ms: number | null) => (ms === null ? 'until lifted' : `until ${when(ms)}`);

/**
 * A viewer's page: recent messages across rooms, decisions about them, active sanctions, and the actions (timeout,
 * ban, lift, delete, purge) for admins and moderators. Analysts see it read-only (and the server refuses them).
 */
export function UserPanel({ userId }: { userId: string }) {
  const trpc = useTRPC();
  const [days, setDays] = useState(7);
  const page = useQuery({ ...trpc.users.get.queryOptions({ userId, days }), refetchInterval: 5_000 });
  // Deleted here, before ClickHouse has the decision: shown as deleted at once.
  const [deleted, setDeleted] = useState<Set<string>>(new Set());
  const data = page.data;
  const canAct = data?.canAct ?? false;
  const rooms = [...new Set(data?.messages.map((m) => m.room) ?? [])];
  return (
    <>
      {page.error && <div className="panel"><div className="error" role="alert">{errorText(page.error)}</div></div>}
      {data && (
        <p className="muted" data-testid="user-summary">
          {data.name ? <>Shown as <strong>{data.name}</strong>. </> : null}
          {data.messages.length} message(s){data.truncated ? ' (the newest only)' : ''} and {data.decisions.length} decision(s) in the last{' '}
          <select aria-label="window" value={days} onChange={(e) => setDays(Number(e.target.value))}>
            {[1, 7, 30, 90].map((d) => (
              <option key={d} value={d}>
                {d} day{d > 1 ? 's' : ''}
              </option>
            ))}
          </select>
          {data.rooms ? ` — your rooms only (${data.rooms.join(', ')})` : ''}. {canAct ? '' : 'Read-only: your role cannot act on viewers.'}
        </p>
      )}
      <section className="panel" aria-label="active sanctions">
        <h2>Active sanctions</h2>
        {data && data.sanctions.length === 0 && <p className="muted">None.</p>}
        {data && data.sanctions.length > 0 && (
          <table>
            <thead>
              <tr>
                <th>Kind</th>
                <th>Room</th>
                <th>Until</th>
                <th>By</th>
                <th>Reason</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.sanctions.map((s) => (
                <tr key={`${s.kind}:${s.room ?? '*'}`} data-testid={`sanction-${s.kind}-${s.room ?? 'global'}`}>
                  <td>
                    <span className="badge bad">{s.kind}</span>
                  </td>
                  <td>{s.room ?? 'every room'}</td>
                  <td>{until(s.until)}</td>
                  <td>{s.by}</td>
                  <td>{s.reason}</td>
                  <td>{canAct && <LiftButton userId={userId} sanction={s} />}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
      {canAct && data && <SanctionActions userId={userId} rooms={rooms} />}
      <section className="panel" aria-label="messages">
        <h2>Recent messages</h2>
        {data && data.messages.length === 0 && <p className="muted">No messages in this window.</p>}
        {data && data.messages.length > 0 && (
          <table>
            <thead>
              <tr>
                <th>Room</th>
                <th>Time</th>
                <th>Text</th>
                <th>Status</th>
                <th />
              </tr>
            </thead>
            <tbody>
              {data.messages.map((m) => {
                const status = deleted.has(m.id) ? 'deleted' : m.status;
                return (
                  <tr key={m.id} data-testid={`message-${m.id}`}>
                    <td>{m.room}</td>
                    <td>{when(m.ts)}</td>
                    <td>
                      {m.text}
                      {m.deliveredText !== null && m.deliveredText !== m.text && <span className="muted"> (shown as “{m.deliveredText}”)</span>}
                    </td>
                    <td>
                      <span className={`badge ${STATUS_BADGE[status] ?? ''}`}>{status}</span>
                      {m.hitTerms.length > 0 && <span className="muted"> {m.hitTerms.join(', ')}</span>}
                    </td>
                    <td>
                      {canAct && DELIVERED.has(status) && (
                        <DeleteMessageButton room={m.room} id={m.id} onDeleted={() => setDeleted((now) => new Set(now).add(m.id))} />
                      )}
                    </td>
                  </tr>
                );
              })}
            </tbody>
          </table>
        )}
      </section>
      <section className="panel" aria-label="decisions">
        <h2>Decisions about this user</h2>
        {data && data.decisions.length === 0 && <p className="muted">None in this window.</p>}
        {data && data.decisions.length > 0 && (
          <table>
            <thead>
              <tr>
                <th>Time</th>
                <th>Room</th>
                <th>By</th>
                <th>Action</th>
                <th>Rule / reason</th>
              </tr>
            </thead>
            <tbody>
              {data.decisions.map((d) => (
                <tr key={d.id}>
                  <td>{when(d.ts)}</td>
                  <td>{d.room}</td>
                  <td>{d.source}</td>
                  <td>
                    <code>{d.action}</code>
                  </td>
                  <td>
                    {d.kind && d.term ? `${d.kind} “${d.term}”` : ''} {d.reason}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </section>
    </>
  );
}
