import { redirect } from 'next/navigation';
import { ChangePasswordForm } from '../../components/change-password-form';
import { currentOperator } from '../../server/auth/current-operator';

export const dynamic = 'force-dynamic';

/** Outside the (console) layout: the seeded admin is sent here and may go nowhere else until it is done. */
export default async function ChangePasswordPage() {
  const operator = await currentOperator();
  if (!operator) redirect('/login?next=/change-password');
  return (
    <main className="login">
      <div className="panel">
        <h1>Change password</h1>
        {operator.mustChangePassword && (
          <p role="status" data-testid="must-change">
            {operator.email} still has the password it was created with. Choose a new one to continue.
          </p>
        )}
        <ChangePasswordForm forced={operator.mustChangePassword} />
      </div>
    </main>
  );
}
