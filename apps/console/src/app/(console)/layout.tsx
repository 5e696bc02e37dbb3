import Link from 'next/link';
import { redirect } from 'next/navigation';
import type { ReactNode } from 'react';
import { LogoutButton } from '../../components/logout-button';
import { currentOperator } from '../../server/auth/current-operator';

export const dynamic = 'force-dynamic';

/** Every page in this group needs a logged-in operator. */
export default async function ConsoleLayout({ children }: { children: ReactNode }) {
  const operator = await currentOperator();
  if (!operator) redirect('/login');
  if (operator.mustChangePassword) redirect('/change-password');
  return (
    <>
      <header className="top">
        <span className="brand">Tribune</span>
        <nav>
          <Link href="/">Overview</Link>
          <Link href="/rooms">Rooms</Link>
          <Link href="/words">Banned words</Link>
          <Link href="/spam">Spam rules</Link>
          <Link href="/queue">Review queue</Link>
          <Link href="/users">Users</Link>
          <Link href="/nodes">Nodes</Link>
          <Link href="/privacy">Privacy</Link>
          <Link href="/explore">Explore</Link>
          <Link href="/demo?room=demo">Demo chat</Link>
          {operator.role === 'admin' && (
            <>
              <Link href="/operators">Operators</Link>
              <Link href="/tokens">API tokens</Link>
              <Link href="/audit">Audit</Link>
            </>
          )}
        </nav>
        <span className="who">
          {operator.email} <span className="muted">({operator.role})</span> <Link href="/change-password">Change password</Link> <LogoutButton />
        </span>
      </header>
      <main>{children}</main>
    </>
  );
}
