'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { useEffect, useState, type FormEvent } from 'react';
import { errorText, useTRPC } from '../trpc/react';

const STATUSES = ['open', 'closed', 'archived'] as const;

export function RoomEditor({ room }: { room: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const current = useQuery(trpc.rooms.get.queryOptions({ id: room }));
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const [status, setStatus] = useState<(typeof STATUSES)[number]>('open');
  useEffect(() => {
    if (!current.data) return;
    setTitle(current.data.title);
    setDescription(current.data.description);
    setStatus(current.data.status);
  }, [current.data]);
  const update = useMutation(
    trpc.rooms.update.mutationOptions({ onSuccess: () => queryClient.invalidateQueries({ queryKey: trpc.rooms.pathKey() }) }),
  );
  if (current.error) return <p className="error">{errorText(current.error)}</p>;
  const submit = (e: FormEvent) => {
    e.preventDefault();
    update.mutate({ id: room, title, description, status });
  };
  return (
    <div className="panel">
      <h2>Room settings</h2>
      <form className="row" onSubmit={submit} aria-label="edit room">
        <label>
          Title
          <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required />
        </label>
        <label style={{ flex: 1 }}>
          Description
          <input name="description" value={description} onChange={(e) => setDescription(e.target.value)} />
        </label>
        <label>
          Status
          <select name="status" value={status} onChange={(e) => setStatus(e.target.value as typeof status)}>
            {STATUSES.map((s) => (
              <option key={s}>{s}</option>
            ))}
          </select>
        </label>
        <button type="submit" disabled={update.isPending || !current.data}>
          Save
        </button>
        {update.isSuccess && <span className="muted">Saved.</span>}
      </form>
      {update.error && <div className="error" role="alert">{errorText(update.error)}</div>}
    </div>
  );
}
