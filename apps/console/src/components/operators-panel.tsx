'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorText, useTRPC } from '../trpc/react';

const ROLES = ['analyst', 'moderator', 'admin'] as const;
const roomsOf = (text: string) => text.split(',').map((r) => r.trim()).filter(Boolean);

/** Operators: create (a temporary password shown once), role and rooms, disable, reset password, sessions. */
export function OperatorsPanel() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const operators = useQuery(trpc.operators.list.queryOptions());
  const sessions = useQuery(trpc.operators.sessions.queryOptions({}));
  const refresh = () => Promise.all([qc.invalidateQueries({ queryKey: trpc.operators.pathKey() })]);
  const [email, setEmail] = useState('');
  const [role, setRole] = useState<(typeof ROLES)[number]>('analyst');
  const [rooms, setRooms] = useState('');
  const [shown, setShown] = useState<{ email: string; password: string } | null>(null);
  const create = useMutation(trpc.operators.create.mutationOptions({ onSuccess: async (r) => { setShown({ email: r.operator.email, password: r.temporaryPassword }); setEmail(''); await refresh(); } }));
  const disable = useMutation(trpc.operators.setDisabled.mutationOptions({ onSuccess: refresh }));
  const reset = useMutation(trpc.operators.resetPassword.mutationOptions({ onSuccess: async (r) => { setShown({ email: r.operator.email, password: r.temporaryPassword }); await refresh(); } }));
  const revoke = useMutation(trpc.operators.revokeSession.mutationOptions({ onSuccess: refresh }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ email, role, rooms: role === 'moderator' ? roomsOf(rooms) : [] });
  };
  const error = create.error ?? disable.error ?? reset.error ?? revoke.error ?? operators.error;
  const emailOf = (id: string) => operators.data?.find((o) => o.id === id)?.email ?? id;
  return (
    <div className="panel">
      <form className="row" onSubmit={submit} aria-label="new operator">
        <label>
          Email
          <input name="email" type="email" value={email} onChange={(e) => setEmail(e.target.value)} required />
        </label>
        <label>
          Role
          <select name="role" value={role} onChange={(e) => setRole(e.target.value as typeof role)}>
            {ROLES.map((r) => (
              <option key={r}>{r}</option>
            ))}
          </select>
        </label>
        {role === 'moderator' && (
          <label>
            Rooms (comma list, empty = all)
            <input name="rooms" value={rooms} onChange={(e) => setRooms(e.target.value)} />
          </label>
        )}
        <button type="submit" disabled={create.isPending}>
          Create operator
        </button>
      </form>
      {shown && (
        <p className="notice" data-testid="temporary-password">
          Temporary password for {shown.email} (shown once; changed at first login): <code>{shown.password}</code>
        </p>
      )}
      {error && <div className="error" role="alert">{errorText(error)}</div>}
      <table>
        <thead>
          <tr>
            <th>Email</th>
            <th>Role</th>
            <th>Rooms</th>
            <th>Status</th>
            <th>Sessions</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {operators.data?.map((o) => (
            <tr key={o.id}>
              <td>{o.email}</td>
              <td>{o.role}</td>
              <td>{o.role === 'moderator' ? (o.rooms.join(', ') || 'all') : ''}</td>
              <td>{o.disabledAt ? 'disabled' : o.mustChangePassword ? 'must change password' : 'active'}</td>
              <td>{o.activeSessions}</td>
              <td>
                <button className="secondary" onClick={() => disable.mutate({ id: o.id, disabled: !o.disabledAt })}>
                  {o.disabledAt ? 'Enable' : 'Disable'}
                </button>{' '}
                <button className="secondary" onClick={() => reset.mutate({ id: o.id })}>
                  Reset password
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
      <h2>Sessions</h2>
      <table>
        <thead>
          <tr>
            <th>Operator</th>
            <th>From</th>
            <th>Opened</th>
            <th>Last seen</th>
            <th>Expires</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {sessions.data?.map((s) => (
            <tr key={s.id}>
              <td>{emailOf(s.operatorId)}{s.current ? ' (this session)' : ''}</td>
              <td>{s.ip ?? '?'}</td>
              <td>{s.createdAt.toLocaleString()}</td>
              <td>{s.lastSeenAt.toLocaleString()}</td>
              <td>{s.expiresAt.toLocaleString()}</td>
              <td>
                <button className="secondary" onClick={() => revoke.mutate({ id: s.id })} disabled={s.current}>
                  Revoke
                </button>
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
