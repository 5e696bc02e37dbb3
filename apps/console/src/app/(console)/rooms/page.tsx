'use client';

import { useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import Link from 'next/link';
import { useState, type FormEvent } from 'react';
import { errorText, useTRPC } from '../../../trpc/react';

export default function RoomsPage() {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const rooms = useQuery(trpc.rooms.list.queryOptions());
  const [id, setId] = useState('');
  const [title, setTitle] = useState('');
  const [description, setDescription] = useState('');
  const create = useMutation(
    trpc.rooms.create.mutationOptions({
      onSuccess: async () => {
        setId('');
        setTitle('');
        setDescription('');
        await queryClient.invalidateQueries({ queryKey: trpc.rooms.list.pathKey() });
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    create.mutate({ id, title, description });
  };
  return (
    <>
      <h1>Rooms</h1>
      <div className="panel">
        <h2>New room</h2>
        <form className="row" onSubmit={submit} aria-label="new room">
          <label>
            Id (slug)
            <input name="id" value={id} onChange={(e) => setId(e.target.value)} placeholder="final-2026" pattern="[a-z0-9][a-z0-9_\-]{0,63}" required />
          </label>
          <label>
            Title
            <input name="title" value={title} onChange={(e) => setTitle(e.target.value)} required />
          </label>
          <label style={{ flex: 1 }}>
            Description
            <input name="description" value={description} onChange={(e) => setDescription(e.target.value)} />
          </label>
          <button type="submit" disabled={create.isPending}>
            Create room
          </button>
        </form>
        {create.error && <div className="error" role="alert">{errorText(create.error)}</div>}
      </div>
      <div className="panel">
        {rooms.isPending ? (
          <p className="muted">Loading…</p>
        ) : rooms.error ? (
          <p className="error">{errorText(rooms.error)}</p>
        ) : (
          <table>
            <thead>
              <tr>
                <th>Id</th>
                <th>Title</th>
                <th>Status</th>
                <th>Room words</th>
                <th>Created</th>
              </tr>
            </thead>
            <tbody>
              {rooms.data.map((r) => (
                <tr key={r.id}>
                  <td>
                    <Link href={`/rooms/${r.id}`}>{r.id}</Link>
                  </td>
                  <td>{r.title}</td>
                  <td>
                    <span className={`badge ${r.status === 'open' ? 'ok' : r.status === 'closed' ? 'warn' : ''}`}>{r.status}</span>
                  </td>
                  <td>{r.bannedWords}</td>
                  <td className="muted">{r.createdAt.toLocaleString()}</td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </div>
    </>
  );
}
