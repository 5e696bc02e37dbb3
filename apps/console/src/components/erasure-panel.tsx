'use client';

import { useMutation } from '@tanstack/react-query';
import { useState } from 'react';
import { errorText, useTRPC } from '../trpc/react';

/** Erase one viewer's data (an erasure request): the user id twice, then what was removed. Cannot be undone. */
export function ErasurePanel() {
  const trpc = useTRPC();
  const [userId, setUserId] = useState('');
  const [confirmUserId, setConfirm] = useState('');
  const erase = useMutation(trpc.privacy.eraseUser.mutationOptions());
  const r = erase.data;
  return (
    <div className="panel" aria-label="erase a viewer">
      <h2>
        Erase a viewer’s data <span className="muted">their messages and the decisions about them, everywhere Tribune keeps them — cannot be undone</span>
      </h2>
      <form
        aria-label="erasure"
        noValidate
        onSubmit={(e) => {
          e.preventDefault();
          erase.mutate({ userId, confirmUserId });
        }}
        style={{ display: 'flex', gap: 8, alignItems: 'flex-end' }}
      >
        <label>
          User id (the token’s sub)
          <input value={userId} onChange={(e) => setUserId(e.target.value)} />
        </label>
        <label>
          The same user id again
          <input value={confirmUserId} onChange={(e) => setConfirm(e.target.value)} />
        </label>
        <button type="submit" disabled={erase.isPending || userId === ''}>
          Erase
        </button>
      </form>
      {erase.error && (
        <div className="error" role="alert">
          {errorText(erase.error)}
        </div>
      )}
      {r && (
        <div role="status" data-testid="erasure-report" style={{ marginTop: 12 }}>
          <p>
            Erased <strong>{r.userId}</strong> (record {r.id}): {r.clickhouse.messages} messages and {r.clickhouse.moderationEvents} decisions from ClickHouse,{' '}
            {r.redisHistory} entries from room histories, {r.redisKeys} flood/timeout keys, {r.announced} recent messages removed from chat screens
            {r.rooms.length > 0 ? ` in ${r.rooms.join(', ')}` : ''}.
          </p>
          <p className="muted">{r.kafka}.</p>
        </div>
      )}
    </div>
  );
}
