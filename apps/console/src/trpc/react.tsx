'use client';

import { QueryCache, QueryClient, QueryClientProvider, MutationCache } from '@tanstack/react-query';
import { createTRPCClient, httpBatchLink, httpSubscriptionLink, splitLink, TRPCClientError } from '@trpc/client';
import { createTRPCContext } from '@trpc/tanstack-react-query';
import { useState, type ReactNode } from 'react';
import superjson from 'superjson';
import type { AppRouter } from '../server/api/root';

export const { TRPCProvider, useTRPC, useTRPCClient } = createTRPCContext<AppRouter>();

/** An expired session anywhere sends the operator back to the login page; a pending password change, to its page. */
function redirectOnUnauthorized(error: unknown) {
  if (!(error instanceof TRPCClientError)) return;
  const here = window.location.pathname;
  if (error.data?.code === 'UNAUTHORIZED' && here !== '/login' && here !== '/change-password') {
    window.location.assign(`/login?next=${encodeURIComponent(here + window.location.search)}`);
  } else if (error.data?.appCode === 'PASSWORD_CHANGE_REQUIRED' && here !== '/change-password') {
    window.location.assign('/change-password');
  }
}

export function Providers({ children }: { children: ReactNode }) {
  const [queryClient] = useState(
    () =>
      new QueryClient({
        defaultOptions: { queries: { staleTime: 2_000, retry: 1 } },
        queryCache: new QueryCache({ onError: redirectOnUnauthorized }),
        mutationCache: new MutationCache({ onError: redirectOnUnauthorized }),
      }),
  );
  // Subscriptions (the live review queue) over Server-Sent Events on the same endpoint, the session cookie included.
  const [trpcClient] = useState(() =>
    createTRPCClient<AppRouter>({
      links: [
        splitLink({
          condition: (op) => op.type === 'subscription',
          true: httpSubscriptionLink({ url: '/api/trpc', transformer: superjson }),
          false: httpBatchLink({ url: '/api/trpc', transformer: superjson, maxItems: 10 }),
        }),
      ],
    }),
  );
  return (
    <QueryClientProvider client={queryClient}>
      <TRPCProvider trpcClient={trpcClient} queryClient={queryClient}>
        {children}
      </TRPCProvider>
    </QueryClientProvider>
  );
}

/** The message to show for a failed call: field issues when the server named them. */
export function errorText(error: unknown): string {
  if (error instanceof TRPCClientError) {
    const issues = (error.data as { issues?: { field: string; message: string }[] } | undefined)?.issues ?? [];
    if (issues.length > 0 && error.data?.appCode !== 'RULES_INVALID') return issues.map((i) => `${i.field}: ${i.message}`).join('; ');
    return error.message;
  }
  return error instanceof Error ? error.message : String(error);
}
