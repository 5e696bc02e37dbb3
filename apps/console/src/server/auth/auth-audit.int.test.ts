import { randomUUID } from 'node:crypto';
import { createLogger } from '@tribune/service-kit';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../services';
import { callerFor, consoleTestEnv, loginCookie, operatorCaller, startTestServices } from '../testing/operator-caller';

// Logins, failed logins, logouts and password changes in the real PostgreSQL audit_log, found by the audit page's
// filters (audit.list: who, action, time).
const run = randomUUID().slice(0, 8);
const env = consoleTestEnv(`auth-audit-${run}`);
const logger = createLogger({ name: 'auth-audit-int', level: 'warn' });
const admin = { email: `admin-aa-${run}@tribune.test`, password: 'integration-password' };
const ip = `10.77.${Math.floor(Math.random() * 250)}.${Math.floor(Math.random() * 250)}`;

let services: Services;

beforeAll(async () => {
  services = (await startTestServices(env, logger, admin)).services;
}, 120_000);

afterAll(async () => {
  await services?.close();
});

const failure = (call: Promise<unknown>) => call.then(() => 'ok', (err: unknown) => (err instanceof Error ? err.message : String(err)));

describe('the audit trail of logins', { timeout: 120_000 }, () => {
  it('records a login, a failed login (on the account, and as system for an unknown email), a logout and password changes, with the address', async () => {
    const started = new Date();
    const adminCaller = await operatorCaller(services, admin);
    const { operator, temporaryPassword } = await adminCaller.operators.create({ email: `mod-aa-${run}@tribune.test`, role: 'moderator', rooms: [] });
    const anon = (await callerFor(services, null, ip)).caller;
    expect(await failure(anon.auth.login({ email: operator.email, password: 'not-the-password' }))).toBe('wrong email or password');
    const stranger = `nobody-${run}@tribune.test`;
    expect(await failure(anon.auth.login({ email: stranger, password: 'whatever' }))).toBe('wrong email or password');

    const anonymous = await services.db.auditLog.findFirstOrThrow({ where: { action: 'auth.loginFailed', target: `email:${stranger}` } });
    expect(anonymous).toMatchObject({ actorKind: 'system', actorId: null, after: { reason: 'wrong email or password', ip } });

    const { caller: fresh, resHeaders } = await callerFor(services, null, ip);
    await fresh.auth.login({ email: operator.email, password: temporaryPassword });
    const cookie = (resHeaders.get('set-cookie') ?? '').split(';')[0]!;
    const mod = (await callerFor(services, cookie, ip)).caller;
    expect(await failure(mod.auth.changePassword({ currentPassword: 'wrong-one', newPassword: 'a-good-new-passphrase' }))).toMatch(/current password is wrong|wrong password/);
    await mod.auth.changePassword({ currentPassword: temporaryPassword, newPassword: 'a-good-new-passphrase' });
    await mod.auth.logout();

    // The audit page's filters: who = the moderator, action prefix `auth.`, from the start of this test.
    const rows = await adminCaller.audit.list({ actor: operator.id, action: 'auth.', from: started });
    expect(rows.map((r) => r.action).reverse()).toEqual(['auth.loginFailed', 'auth.login', 'auth.changePasswordFailed', 'auth.changePassword', 'auth.logout']);
    for (const r of rows) expect(r).toMatchObject({ actorKind: 'operator', actorId: operator.id, actorLabel: operator.email, target: `operator:${operator.id}`, ip });
    const [failed] = await adminCaller.audit.list({ actor: operator.id, action: 'auth.loginFailed' });
    expect(failed!.after).toMatchObject({ reason: 'wrong email or password' });
    // The session a login opened is the one its logout ended.
    const login = rows.find((r) => r.action === 'auth.login')!;
    const logout = rows.find((r) => r.action === 'auth.logout')!;
    expect((login.after as { session: string }).session).toBe((logout.after as { session: string }).session);
    // A time filter before all of it finds none of them.
    expect(await adminCaller.audit.list({ actor: operator.id, action: 'auth.', to: new Date(started.getTime() - 1) })).toEqual([]);
  });

  it('a disabled account’s correct password is recorded as a failed login; a throttled attempt writes no row', async () => {
    const adminCaller = await operatorCaller(services, admin);
    const { operator, temporaryPassword } = await adminCaller.operators.create({ email: `dis-aa-${run}@tribune.test`, role: 'analyst', rooms: [] });
    await adminCaller.operators.setDisabled({ id: operator.id, disabled: true });
    expect(await failure(loginCookie(services, { email: operator.email, password: temporaryPassword }))).toMatch(/disabled/);
    const rows = await adminCaller.audit.list({ actor: operator.id, action: 'auth.loginFailed' });
    expect(rows.map((r) => (r.after as { reason: string }).reason)).toEqual(['account disabled']);

    // Past the 5 free failures the account is throttled: those refusals are logged, not written to the audit log.
    const email = `thr-aa-${run}@tribune.test`;
    const results: string[] = [];
    for (let i = 0; i < 8; i++) results.push(await failure((await callerFor(services, null, `10.78.0.${i}`)).caller.auth.login({ email, password: 'x' })));
    expect(results.filter((r) => r.startsWith('too many failed attempts')).length).toBeGreaterThan(0);
    const recorded = await services.db.auditLog.count({ where: { action: 'auth.loginFailed', target: `email:${email}` } });
    expect(recorded).toBe(results.filter((r) => r === 'wrong email or password').length);
  });
});
