import type { Metadata } from 'next';
import type { ReactNode } from 'react';
import { Providers } from '../trpc/react';
import './globals.css';

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
