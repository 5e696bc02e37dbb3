'use client';

import { useQuery } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText, useTRPC } from '../trpc/react';

/** The audit trail, newest first, filtered by operator/token, room, action and time. */
export function AuditPanel() {
  const trpc = useTRPC();
  const operators = useQuery(trpc.operators.list.queryOptions());
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const [actor, setActor] = useState('');
  const [room, setRoom] = useState('');
  const [action, setAction] = useState('');
  const [from, setFrom] = useState('');
  const [to, setTo] = useState('');
  const rows = useQuery(
    trpc.audit.list.queryOptions({
      ...(actor ? { actor } : {}),
      ...(room.trim() ? { room: room.trim() } : {}),
      ...(action.trim() ? { action: action.trim() } : {}),
      ...(from ? { from: new Date(from) } : {}),
      ...(to ? { to: new Date(to) } : {}),
      limit: 200,
    }),
  );
  return (
    <div className="panel">
      <form className="row" aria-label="audit filters" onSubmit={(e) => e.preventDefault()}>
        <label>
          Who
          <select name="actor" value={actor} onChange={(e) => setActor(e.target.value)}>
            <option value="">anyone</option>
            <option value="system">system</option>
            {operators.data?.map((o) => (
              <option key={o.id} value={o.id}>
                {o.email}
              </option>
            ))}
            {tokens.data?.map((t) => (
              <option key={t.id} value={t.id}>
                token:{t.name}
              </option>
            ))}
          </select>
        </label>
        <label>
          Room
          <input name="room" value={room} onChange={(e) => setRoom(e.target.value)} />
        </label>
        <label>
          Action (e.g. words.add, or operators.)
          <input name="action" value={action} onChange={(e) => setAction(e.target.value)} />
        </label>
        <label>
          From
          <input name="from" type="datetime-local" value={from} onChange={(e) => setFrom(e.target.value)} />
        </label>
        <label>
          To
          <input name="to" type="datetime-local" value={to} onChange={(e) => setTo(e.target.value)} />
        </label>
      </form>
      {rows.error && <div className="error" role="alert">{errorText(rows.error)}</div>}
      <table>
        <thead>
          <tr>
            <th>When</th>
            <th>Who</th>
            <th>Action</th>
            <th>Target</th>
            <th>Room</th>
            <th>From</th>
            <th>Change</th>
          </tr>
        </thead>
        <tbody>
          {rows.data?.map((r) => (
            <tr key={r.id}>
              <td>{r.at.toLocaleString()}</td>
              <td>{r.actorLabel}</td>
              <td>
                <code>{r.action}</code>
              </td>
              <td>{r.target}</td>
              <td>{r.room}</td>
              <td>{r.ip}</td>
              <td className="muted">{r.after !== null && r.after !== undefined ? JSON.stringify(r.after).slice(0, 120) : r.before !== null && r.before !== undefined ? `removed ${JSON.stringify(r.before).slice(0, 100)}` : ''}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
