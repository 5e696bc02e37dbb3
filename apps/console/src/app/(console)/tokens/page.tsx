import { redirect } from 'next/navigation';
import { TokensPanel } from '../../../components/tokens-panel';
import { currentOperator } from '../../../server/auth/current-operator';

/** Admins only (the API refuses everyone else too: access.admin on every procedure it calls). */
export default async function Page() {
  if ((await currentOperator())?.role !== 'admin') redirect('/rooms');
  return (
    <>
      <h1>API tokens</h1>
      <TokensPanel />
    </>
  );
}
