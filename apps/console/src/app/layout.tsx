import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '../trpc/react';
import './globals.css';

// Every page is rendered per request: the CSP nonce (src/proxy.ts) must reach Next's scripts, which a page
// prerendered at build time cannot carry.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = { title: 'Tribune console', description: 'Live-stream chat control plane' };

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body>
        <Providers>{children}</Providers>
      </body>
    </html>
  );
}
