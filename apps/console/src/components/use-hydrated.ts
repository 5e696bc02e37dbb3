'use client';

import { useSyncExternalStore } from 'react';

const subscribe = () => () => {};

/**
 * False in the server-rendered HTML and until React has hydrated the page, then true. Forms that carry passwords
 * stay disabled until then: before hydration their submit would be the browser's own (a GET that puts the password
 * in the URL, the history and the server's logs), and text typed into an input React has not taken over yet is lost.
 */
export function useHydrated(): boolean {
  return useSyncExternalStore(subscribe, () => true, () => false);
}
