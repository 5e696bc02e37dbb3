import { recordAudit, systemAudit, type AuditWriter } from '../audit/record-audit';
import type { RequestOrigin } from './auth-service';

/**
 * Logins, logouts and password changes in the audit trail (`audit_log`), written in the transaction of the change
 * (the session row, the new hash). The action names are the procedures' paths, plus `auth.loginFailed` and
 * `auth.changePasswordFailed` for refused attempts. A failed attempt on an existing account is recorded under that
 * account (actor = the account tried, so the audit page's "who" filter finds attacks on it); on an unknown email
 * there is nobody to name: the console records it as `system` with the email as typed in `target` (`email:<…>`).
 * Throttled attempts are not recorded (they are logged): during a lockout an attacker could otherwise write a row
 * per request.
 */
export type AuthAuditEvent =
  | { action: 'auth.login' | 'auth.logout' | 'auth.changePassword'; operator: { id: string; email: string }; origin: RequestOrigin; sessionId?: string }
  | { action: 'auth.loginFailed' | 'auth.changePasswordFailed'; operator: { id: string; email: string } | null; email: string; reason: string; origin: RequestOrigin };

const MAX_EMAIL = 200;

export async function recordAuthEvent(tx: AuditWriter, e: AuthAuditEvent): Promise<void> {
  const ip = e.origin.ip;
  const userAgent = e.origin.userAgent?.slice(0, 300) ?? null;
  if ('reason' in e) {
    const after = { reason: e.reason, userAgent };
    if (e.operator) {
      await recordAudit(tx, { actor: { kind: 'operator', id: e.operator.id, label: e.operator.email }, action: e.action, target: `operator:${e.operator.id}`, after, ip });
    } else {
      await systemAudit(e.action)(tx, { target: `email:${e.email.slice(0, MAX_EMAIL)}`, after: { ...after, ip } });
    }
    return;
  }
  await recordAudit(tx, {
    actor: { kind: 'operator', id: e.operator.id, label: e.operator.email },
    action: e.action,
    target: `operator:${e.operator.id}`,
    after: { userAgent, ...(e.sessionId ? { session: e.sessionId } : {}) },
    ip,
  });
}
