'use client';

import { useMutation } from '@tanstack/react-query';
import { useTRPC } from '../trpc/react';

export function LogoutButton() {
  const trpc = useTRPC();
  const logout = useMutation(trpc.auth.logout.mutationOptions({ onSuccess: () => window.location.assign('/login') }));
  return (
    <button className="secondary" onClick={() => logout.mutate()} disabled={logout.isPending}>
      Log out
    </button>
  );
}
