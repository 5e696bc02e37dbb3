import { randomInt, randomUUID } from 'node:crypto';
import { createLogger } from '@tribune/service-kit';
import { TRPCError } from '@trpc/server';
import { decodeProtectedHeader, decodeJwt } from 'jose';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError, type AppErrorCode } from '../app-error';
import { handleTrpcRequest } from '../api/handle-trpc';
import { createServices, type Services } from '../services';
import { callerFor, consoleTestEnv, loginCookie, startTestServices } from '../testing/operator-caller';
import { createPgLoginThrottle } from './login-throttle';
import { hashPassword } from './password';
import { ACCOUNT_POLICY } from './throttle-policy';

// Real PostgreSQL: throttling state, the forced password change, rehash, the batch cap on the real fetch handler.
const run = randomUUID().slice(0, 8);
const env = consoleTestEnv(`harden-${run}`, { CHAT_TOKEN_SECRETS: `k-new:${'n'.repeat(32)},k-old:${'o'.repeat(32)}` });
const logger = createLogger({ name: 'console-harden-int', level: 'warn' });
const password = 'integration-password';

let services: Services;
/** A second console instance on the same database: throttling must be shared, not per process. */
let other: Services;

/** Every failing call gets its own address, so the suites' shared test address is never throttled by this one. */
const freshIp = () => `10.${randomInt(256)}.${randomInt(256)}.${randomInt(1, 255)}`;
const uniqueEmail = (tag: string) => `${tag}-${run}-${randomInt(1e9)}@tribune.test`;

async function makeOperator(email: string, pw = password) {
  const { operator } = await services.auth.ensureOperator(email, pw);
  await services.db.operator.update({ where: { id: operator.id }, data: { mustChangePassword: false, passwordChangedAt: new Date() } });
  return operator;
}

async function codeOf(call: Promise<unknown>): Promise<AppErrorCode | 'ok'> {
  try {
    await call;
    return 'ok';
  } catch (err) {
    expect(err).toBeInstanceOf(TRPCError);
    const cause = (err as TRPCError).cause;
    expect(AppError.is(cause), String(err)).toBe(true);
    return (cause as AppError).code;
  }
}

async function messageOf(call: Promise<unknown>): Promise<string> {
  return call.then(
    () => 'ok',
    (err: unknown) => ((err as TRPCError).cause as AppError).message,
  );
}

async function login(svc: Services, email: string, pw: string, ip: string) {
  const { caller } = await callerFor(svc, null, ip);
  return caller.auth.login({ email, password: pw });
}

beforeAll(async () => {
  services = (await startTestServices(env, logger, { email: uniqueEmail('boot'), password })).services;
  other = createServices(services.config, logger);
}, 120_000);

afterAll(async () => {
  await other?.close();
  await services?.close();
});

describe('login throttling (PostgreSQL, shared by every console instance)', { timeout: 120_000 }, () => {
  it('backs off an account after 5 failures — even the right password waits — and says the same for an unknown account', async () => {
    const real = uniqueEmail('victim');
    await makeOperator(real);
    const ghost = uniqueEmail('ghost');
    const seen: { real: string[]; ghost: string[] } = { real: [], ghost: [] };
    for (const [who, email] of [['real', real], ['ghost', ghost]] as const) {
      for (let i = 0; i < 6; i++) seen[who].push(await messageOf(login(services, email, `wrong-${i}`, freshIp())));
      // during the backoff the right password is not even checked
      if (who === 'real') expect(await codeOf(login(services, real, password, freshIp()))).toBe('LOGIN_THROTTLED');
    }
    // Nothing tells an existing account from a missing one: same answers, in the same order (the wait aside).
    const shape = (m: string) => m.replace(/\d+ s$/, 'N s');
    expect(seen.real.map(shape)).toEqual(seen.ghost.map(shape));
    expect(seen.real.slice(0, 5)).toEqual(Array(5).fill('wrong email or password'));
    expect(seen.real[5]).toMatch(/^too many failed attempts: try again in \d+ s$/);
  });

  it('judges a burst of parallel guesses one by one, across two console instances', async () => {
    const email = uniqueEmail('burst');
    await makeOperator(email);
    const codes = await Promise.all(Array.from({ length: 40 }, (_, i) => codeOf(login(i % 2 === 0 ? services : other, email, `guess-${i}`, freshIp()))));
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(ACCOUNT_POLICY.freeFailures);
    expect(codes.filter((c) => c === 'LOGIN_THROTTLED')).toHaveLength(40 - ACCOUNT_POLICY.freeFailures);
  });

  it('throttles one address spraying many accounts', async () => {
    const ip = freshIp();
    const codes: string[] = [];
    for (let i = 0; i < 22; i++) codes.push(await codeOf(login(services, uniqueEmail('spray'), 'x', ip)));
    expect(codes.slice(0, 20)).toEqual(Array(20).fill('INVALID_CREDENTIALS'));
    expect(codes[20]).toBe('LOGIN_THROTTLED');
    // another address is not affected
    expect(await codeOf(login(services, uniqueEmail('spray'), 'x', freshIp()))).toBe('INVALID_CREDENTIALS');
  });

  it('forgets an account’s failures after a success', async () => {
    const email = uniqueEmail('forget');
    await makeOperator(email);
    for (let i = 0; i < 4; i++) expect(await codeOf(login(services, email, 'wrong', freshIp()))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(login(services, email, password, freshIp()))).toBe('ok');
    for (let i = 0; i < 5; i++) expect(await codeOf(login(services, email, 'wrong', freshIp()))).toBe('INVALID_CREDENTIALS');
  });

  it('locks an account after 100 failures in 30 days, until the window ends (NIST SP 800-63B)', async () => {
    const throttle = createPgLoginThrottle(services.db);
    const subject = { scope: 'account' as const, key: uniqueEmail('lockout') };
    const start = Date.now();
    let now = start;
    let judged = 0;
    // An attacker who waits out every backoff, on a clock moved forward instead of slept.
    while (now < start + ACCOUNT_POLICY.windowMs - 1000) {
      const r = await throttle.reserve([subject], now);
      if (r.allowed) judged += 1;
      else now += r.retryAfterMs;
      if (judged > 100) break;
    }
    expect(judged).toBe(100);
    const stillLocked = await throttle.reserve([subject], start + ACCOUNT_POLICY.windowMs - 1000);
    expect(stillLocked.allowed).toBe(false);
    expect((await throttle.reserve([subject], start + ACCOUNT_POLICY.windowMs + 1)).allowed).toBe(true);
    expect(await throttle.clear(subject)).toBe(1);
  });
});

describe('tRPC batch cap', { timeout: 60_000 }, () => {
  const batch = (n: number, email: string) => {
    const paths = Array(n).fill('auth.login').join(',');
    const input = Object.fromEntries(Array.from({ length: n }, (_, i) => [i, superjson.serialize({ email, password: `guess-${i}` })]));
    return new Request(`http://console.test/api/trpc/${paths}?batch=1`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', 'x-forwarded-for': freshIp() },
      body: JSON.stringify(input),
    });
  };

  it('refuses a batch over TRPC_MAX_BATCH before any call runs, with a clear error', async () => {
    const email = uniqueEmail('batch');
    const res = await handleTrpcRequest(batch(21, email), services);
    expect(res.status).toBe(400);
    const body = (await res.json()) as { error: { json: { message: string; data: { appCode: string } } } };
    expect(body.error.json.data.appCode).toBe('BATCH_TOO_LARGE');
    expect(body.error.json.message).toContain('TRPC_MAX_BATCH');
    // not one guess was judged
    expect(await services.db.loginThrottle.count({ where: { scope: 'account', key: email } })).toBe(0);
  });

  it('answers a batch at the cap call by call', async () => {
    const res = await handleTrpcRequest(batch(20, uniqueEmail('batch')), services);
    const body = (await res.json()) as { error?: { json: { data: { appCode: string } } } }[];
    expect(body).toHaveLength(20);
    const codes = body.map((r) => r.error?.json.data.appCode);
    expect(codes.filter((c) => c === 'INVALID_CREDENTIALS')).toHaveLength(ACCOUNT_POLICY.freeFailures);
    expect(codes.filter((c) => c === 'LOGIN_THROTTLED')).toHaveLength(20 - ACCOUNT_POLICY.freeFailures);
  });
});

describe('passwords', { timeout: 120_000 }, () => {
  it('rehashes a hash made with the old scrypt cost (N=2^15) at the next successful login', async () => {
    const email = uniqueEmail('rehash');
    const op = await makeOperator(email);
    await services.db.operator.update({ where: { id: op.id }, data: { passwordHash: await hashPassword(password, { N: 1 << 15, r: 8, p: 1 }) } });
    await login(services, email, password, freshIp());
    const after = await services.db.operator.findUniqueOrThrow({ where: { id: op.id } });
    expect(after.passwordHash).toMatch(/^scrypt\$131072\$8\$1\$/);
    expect(await codeOf(login(services, email, password, freshIp()))).toBe('ok');
  });

  it('makes the seeded operator change its password before anything else, then ends its other sessions', async () => {
    const email = uniqueEmail('seeded');
    const seeded = 'the-seeded-password';
    const { operator, created } = await services.auth.ensureOperator(email, seeded);
    expect(created).toBe(true);
    expect(operator.mustChangePassword).toBe(true);
    const cookie = await loginCookie(services, { email, password: seeded });
    const otherSession = await loginCookie(services, { email, password: seeded });
    const { caller } = await callerFor(services, cookie, freshIp());
    expect(await caller.auth.me()).toMatchObject({ email, mustChangePassword: true });
    expect(await codeOf(caller.rooms.list())).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(await codeOf(caller.chat.mintViewerToken({ userId: 'u', name: 'U' }))).toBe('PASSWORD_CHANGE_REQUIRED');
    expect(await codeOf(caller.auth.changePassword({ currentPassword: 'not-it', newPassword: 'a-good-new-passphrase' }))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(caller.auth.changePassword({ currentPassword: seeded, newPassword: 'short' }))).toBe('PASSWORD_REJECTED');
    expect(await codeOf(caller.auth.changePassword({ currentPassword: seeded, newPassword: seeded }))).toBe('PASSWORD_REJECTED');
    expect(await codeOf(caller.auth.changePassword({ currentPassword: seeded, newPassword: 'a-good-new-passphrase' }))).toBe('ok');
    // this session goes on (its next request), now allowed everything; the other one is gone, the old password too
    expect(Array.isArray(await (await callerFor(services, cookie)).caller.rooms.list())).toBe(true);
    expect(await (await callerFor(services, otherSession)).caller.auth.me()).toBeNull();
    expect(await codeOf(login(services, email, seeded, freshIp()))).toBe('INVALID_CREDENTIALS');
    expect(await codeOf(login(services, email, 'a-good-new-passphrase', freshIp()))).toBe('ok');
    // the seed running again neither resets nor re-flags it
    expect((await services.auth.ensureOperator(email, seeded)).operator.mustChangePassword).toBe(false);
  });

  it('flags an operator from before the upgrade that still has the seeded password', async () => {
    const email = uniqueEmail('legacy');
    const op = await services.db.operator.create({ data: { email, passwordHash: await hashPassword('seeded-before-upgrade') } });
    expect(op.mustChangePassword).toBe(false);
    expect((await services.auth.ensureOperator(email, 'seeded-before-upgrade')).operator.mustChangePassword).toBe(true);
  });
});

describe('session cookie and demo viewer tokens', { timeout: 60_000 }, () => {
  it('marks the session cookie Secure by default outside development', async () => {
    const email = uniqueEmail('cookie');
    await makeOperator(email);
    const { caller, resHeaders } = await callerFor(services, null, freshIp());
    await caller.auth.login({ email, password });
    expect(resHeaders.get('set-cookie')).toMatch(/; HttpOnly; SameSite=Lax; Max-Age=\d+; Secure$/);
  });

  it('mints short-lived tokens in the demo namespace, signed with the first key (kid), and no exempt role unless confirmed', async () => {
    const email = uniqueEmail('mint');
    await makeOperator(email);
    const { caller } = await callerFor(services, await loginCookie(services, { email, password }));
    const plain = await caller.chat.mintViewerToken({ userId: 'real-user-42', name: 'Mallory' });
    const claims = decodeJwt(plain.token);
    expect(claims).toMatchObject({ sub: 'console-demo:real-user-42', roles: [], iss: 'tribune', aud: 'tribune-chat' });
    expect(claims.exp! - claims.iat!).toBe(600);
    expect(decodeProtectedHeader(plain.token).kid).toBe('k-new');
    expect(await codeOf(caller.chat.mintViewerToken({ userId: 'u', name: 'U', roles: ['moderator'] }))).toBe('EXEMPT_ROLE_NOT_CONFIRMED');
    expect(await codeOf(caller.chat.mintViewerToken({ userId: 'u', name: 'U', roles: ['broadcaster'] }))).toBe('EXEMPT_ROLE_NOT_CONFIRMED');
    expect(decodeJwt((await caller.chat.mintViewerToken({ userId: 'u', name: 'U', roles: ['subscriber'] })).token).roles).toEqual(['subscriber']);
    const confirmed = await caller.chat.mintViewerToken({ userId: 'u', name: 'U', roles: ['moderator'], allowExemptRoles: true });
    expect(decodeJwt(confirmed.token).roles).toEqual(['moderator']);
  });
});
