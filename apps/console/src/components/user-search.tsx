'use client';

import { useRouter } from 'next/navigation';
import { useState, type FormEvent } from 'react';

/** Opens a viewer's page by user id (the `sub` of their chat token, as the messages and the queue show it). */
export function UserSearch({ initial = '' }: { initial?: string }) {
  const router = useRouter();
  const [id, setId] = useState(initial);
  const submit = (e: FormEvent) => {
    e.preventDefault();
    const userId = id.trim();
    if (userId) router.push(`/users/${encodeURIComponent(userId)}`);
  };
  return (
    <form className="row" role="search" aria-label="find a user" onSubmit={submit}>
      <label>
        User id
        <input name="userId" value={id} onChange={(e) => setId(e.target.value)} placeholder="e.g. viewer-42" required />
      </label>
      <button type="submit">Open user</button>
    </form>
  );
}
