'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { safeNextPath } from '../navigation/safe-next-path';
import { errorText, useTRPC } from '../trpc/react';
import { useHydrated } from './use-hydrated';

const MIN_LENGTH = 12;

export function ChangePasswordForm({ forced }: { forced: boolean }) {
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const [current, setCurrent] = useState('');
  const [next, setNext] = useState('');
  const [confirm, setConfirm] = useState('');
  const [mismatch, setMismatch] = useState(false);
  const change = useMutation(
    trpc.auth.changePassword.mutationOptions({
      onSuccess: () => {
        const target = safeNextPath(new URLSearchParams(window.location.search).get('next'));
        window.location.assign(target === '/change-password' ? '/' : target);
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    setMismatch(next !== confirm);
    if (next !== confirm) return;
    change.mutate({ currentPassword: current, newPassword: next });
  };
  return (
    <form onSubmit={submit} aria-label="change password">
      <fieldset className="plain" disabled={!hydrated}>
        <label>
          Current password
          <input name="currentPassword" type="password" autoComplete="current-password" value={current} onChange={(e) => setCurrent(e.target.value)} required />
        </label>
        <label>
          New password (at least {MIN_LENGTH} characters)
          <input name="newPassword" type="password" autoComplete="new-password" minLength={MIN_LENGTH} value={next} onChange={(e) => setNext(e.target.value)} required />
        </label>
        <label>
          Repeat the new password
          <input name="confirmPassword" type="password" autoComplete="new-password" value={confirm} onChange={(e) => setConfirm(e.target.value)} required />
        </label>
        <button type="submit" disabled={change.isPending}>
          Change password
        </button>
      </fieldset>
      {!forced && <a href="/rooms">Cancel</a>}
      {mismatch && <div className="error" role="alert">the two new passwords differ</div>}
      {change.error && <div className="error" role="alert">{errorText(change.error)}</div>}
    </form>
  );
}
