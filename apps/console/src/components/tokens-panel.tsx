'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { errorText, useTRPC } from '../trpc/react';

const ROLES = ['analyst', 'moderator', 'admin'] as const;

/** API tokens: created with a role, rooms and expiry; the token is shown once; revocable; last used shown. */
export function TokensPanel() {
  const trpc = useTRPC();
  const qc = useQueryClient();
  const tokens = useQuery(trpc.tokens.list.queryOptions());
  const refresh = () => qc.invalidateQueries({ queryKey: trpc.tokens.pathKey() });
  const [name, setName] = useState('');
  const [role, setRole] = useState<(typeof ROLES)[number]>('analyst');
  const [rooms, setRooms] = useState('');
  const [days, setDays] = useState('');
  const [shown, setShown] = useState<string | null>(null);
  const create = useMutation(trpc.tokens.create.mutationOptions({ onSuccess: async (r) => { setShown(r.token); setName(''); await refresh(); } }));
  const revoke = useMutation(trpc.tokens.revoke.mutationOptions({ onSuccess: refresh }));
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const list = role === 'moderator' ? rooms.split(',').map((r) => r.trim()).filter(Boolean) : [];
    create.mutate({ name, role, rooms: list, ...(days ? { expiresInDays: Number(days) } : {}) });
  };
  const error = create.error ?? revoke.error ?? tokens.error;
  return (
    <div className="panel">
      <form className="row" onSubmit={submit} aria-label="new API token">
        <label>
          Name
          <input name="name" value={name} onChange={(e) => setName(e.target.value)} required maxLength={100} />
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
        <label>
          Expires in days (empty = never)
          <input name="days" type="number" min={1} max={3650} value={days} onChange={(e) => setDays(e.target.value)} />
        </label>
        <button type="submit" disabled={create.isPending}>
          Create token
        </button>
      </form>
      {shown && (
        <p className="notice" data-testid="new-token">
          Copy it now, it is not shown again: <code>{shown}</code>
        </p>
      )}
      {error && <div className="error" role="alert">{errorText(error)}</div>}
      <table>
        <thead>
          <tr>
            <th>Name</th>
            <th>Token</th>
            <th>Role</th>
            <th>Rooms</th>
            <th>Expires</th>
            <th>Last used</th>
            <th />
          </tr>
        </thead>
        <tbody>
          {tokens.data?.map((t) => (
            <tr key={t.id}>
              <td>{t.name}</td>
              <td>
                <code>{t.prefix}…</code>
              </td>
              <td>{t.role}</td>
              <td>{t.role === 'moderator' ? (t.rooms.join(', ') || 'all') : ''}</td>
              <td>{t.expiresAt ? t.expiresAt.toLocaleString() : 'never'}</td>
              <td>{t.lastUsedAt ? t.lastUsedAt.toLocaleString() : 'never'}</td>
              <td>
                {t.revokedAt ? (
                  'revoked'
                ) : (
                  <button className="secondary" onClick={() => revoke.mutate({ id: t.id })}>
                    Revoke
                  </button>
                )}
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
