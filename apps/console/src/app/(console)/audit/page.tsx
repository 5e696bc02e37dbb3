import { redirect } from 'next/navigation';
import { AuditPanel } from '../../../components/audit-panel';
import { currentOperator } from '../../../server/auth/current-operator';

/** Admins only (the API refuses everyone else too: access.admin on every procedure it calls). */
export default async function Page() {
  if ((await currentOperator())?.role !== 'admin') redirect('/rooms');
  return (
    <>
      <h1>Audit</h1>
      <AuditPanel />
    </>
  );
}
