'use client';

import { useMutation } from '@tanstack/react-query';
import { useState, type FormEvent } from 'react';
import { safeNextPath } from '../../navigation/safe-next-path';
import { useHydrated } from '../../components/use-hydrated';
import { errorText, useTRPC } from '../../trpc/react';

export default function LoginPage() {
  const trpc = useTRPC();
  const hydrated = useHydrated();
  const [email, setEmail] = useState('');
  const [password, setPassword] = useState('');
  const login = useMutation(
    trpc.auth.login.mutationOptions({
      onSuccess: ({ operator }) => {
        // Only same-site paths: an open redirect would let a link send the operator anywhere.
        const next = safeNextPath(new URLSearchParams(window.location.search).get('next'));
        window.location.assign(operator.mustChangePassword ? `/change-password?next=${encodeURIComponent(next)}` : next);
      },
    }),
  );
  const submit = (e: FormEvent) => {
    e.preventDefault();
    login.mutate({ email, password });
  };
  return (
    <main className="login">
      <div className="panel">
        <h1>Tribune console</h1>
        <form onSubmit={submit}>
          <fieldset className="plain" disabled={!hydrated}>
            <label>
              Email
              <input name="email" type="email" autoComplete="username" value={email} onChange={(e) => setEmail(e.target.value)} required />
            </label>
            <label>
              Password
              <input name="password" type="password" autoComplete="current-password" value={password} onChange={(e) => setPassword(e.target.value)} required />
            </label>
            <button type="submit" disabled={login.isPending}>
              Log in
            </button>
          </fieldset>
          {login.error && <div className="error" role="alert">{errorText(login.error)}</div>}
        </form>
      </div>
    </main>
  );
}
