'use client';

import { useQuery } from '@tanstack/react-query';
import type { SpamRule } from '@tribune/contracts';
import { errorText, useTRPC } from '../trpc/react';

const COMMON = new Set(['id', 'kind', 'roomId', 'action', 'timeoutSeconds', 'enabled']);

/** A rule's own parameters ("burst 20 · perSeconds 30"), whatever its kind. */
function parameters(rule: SpamRule): string {
  return Object.entries(rule)
    .filter(([k]) => !COMMON.has(k))
    .map(([k, v]) => `${k} ${Array.isArray(v) ? v.join(', ') || '—' : String(v)}`)
    .join(' · ');
}

/** Read-only: the spam rules in force in the room in the latest rules version (global ones, and the room's own). */
export function RoomSpamRules({ room }: { room: string }) {
  const trpc = useTRPC();
  const rules = useQuery(trpc.rooms.spamRules.queryOptions({ id: room }));
  if (rules.error) return <p className="error">{errorText(rules.error)}</p>;
  return (
    <div className="panel" aria-label="spam rules in force">
      <h2>
        Spam rules in force here{' '}
        <span className="muted">
          {rules.data ? `rules version ${rules.data.version}; ` : ''}a room rule of a kind replaces the global rules of that kind
          {rules.data?.exemptRoles.length ? `; exempt roles: ${rules.data.exemptRoles.join(', ')}` : ''}
        </span>
      </h2>
      <table>
        <thead>
          <tr>
            <th>Rule</th>
            <th>Kind</th>
            <th>Parameters</th>
            <th>Action</th>
            <th>Scope</th>
          </tr>
        </thead>
        <tbody>
          {rules.data?.rules.map((r) => (
            <tr key={r.id}>
              <td>
                <code>{r.id}</code>
              </td>
              <td>{r.kind}</td>
              <td className="muted">{parameters(r)}</td>
              <td>{r.action === 'timeout' ? `timeout ${r.timeoutSeconds ?? ''} s` : r.action}</td>
              <td>{r.roomId === null ? <span className="badge">global</span> : <span className="badge ok">this room</span>}</td>
            </tr>
          ))}
          {rules.data && rules.data.rules.length === 0 && (
            <tr>
              <td colSpan={5} className="muted">
                No spam rules apply to this room.
              </td>
            </tr>
          )}
        </tbody>
      </table>
    </div>
  );
}
