import { randomUUID } from 'node:crypto';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { createLogger } from '@tribune/service-kit';
import { TRPCError } from '@trpc/server';
import superjson from 'superjson';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { appRouter, createCaller } from '../api/root';
import { handleTrpcRequest } from '../api/handle-trpc';
import { createContext } from '../api/trpc';
import { AppError } from '../app-error';
import { hashSessionToken, newSessionToken, SESSION_COOKIE } from '../auth/session-token';
import type { Services } from '../services';
import { callerFor, consoleTestEnv, loginCookie, startTestServices } from '../testing/operator-caller';
import type { AccessRule } from './access-rules';
import type { Role } from './principal';

// Real PostgreSQL + Redis: every procedure of appRouter × every kind of caller, API tokens over real HTTP, sessions,
// and the audit trail written in the mutation's own transaction.
const run = randomUUID().slice(0, 8);
const env = consoleTestEnv(`access-${run}`);
const logger = createLogger({ name: 'console-access-int', level: 'warn' });
const password = 'integration-password';
const ROOM_IN = `in-${run}`;
const ROOM_OUT = `out-${run}`;

/**
 * The reviewed matrix: a new procedure fails this test until it is listed here with the rule it must have, and the
 * rule it declares in `.meta({ access })` must be the same.
 */
const EXPECTED: Record<string, 'public' | 'session' | 'read' | 'moderate' | 'admin' | 'own'> = {
  'auth.login': 'public',
  'auth.logout': 'public',
  'auth.me': 'public',
  'auth.changePassword': 'session',
  'rooms.list': 'read',
  'rooms.get': 'read',
  'rooms.spamRules': 'read',
  'rooms.create': 'admin',
  'rooms.update': 'admin',
  'rooms.setModes': 'moderate',
  'words.list': 'read',
  'words.add': 'moderate',
  'words.remove': 'moderate',
  'allowed.list': 'read',
  'allowed.add': 'moderate',
  'allowed.remove': 'moderate',
  'spam.list': 'read',
  'spam.settings': 'read',
  'spam.create': 'moderate',
  'spam.update': 'moderate',
  'spam.enable': 'moderate',
  'spam.remove': 'moderate',
  'spam.setExemptRoles': 'moderate',
  'protection.get': 'read',
  'protection.configure': 'moderate',
  'privacy.eraseUser': 'admin',
  'review.list': 'read',
  'review.onQueue': 'read',
  'review.proposeAllowed': 'read',
  'review.approve': 'moderate',
  'review.reject': 'moderate',
  'review.allowThis': 'moderate',
  'backtest.word': 'read',
  'backtest.spamRule': 'read',
  'nodes.list': 'read',
  'analytics.messagesPerMinute': 'read',
  'chat.config': 'read',
  'chat.mintViewerToken': 'admin',
  'operators.list': 'admin',
  'operators.create': 'admin',
  'operators.update': 'admin',
  'operators.setDisabled': 'admin',
  'operators.resetPassword': 'admin',
  'operators.sessions': 'admin',
  'operators.revokeSession': 'admin',
  'tokens.list': 'admin',
  'tokens.create': 'admin',
  'tokens.revoke': 'admin',
  'audit.list': 'admin',
  'users.get': 'read',
  'sanctions.timeout': 'moderate',
  'sanctions.ban': 'moderate',
  'sanctions.lift': 'moderate',
  'sanctions.listForUser': 'read',
  'messages.delete': 'moderate',
  'messages.purgeUser': 'moderate',
  'explore.run': 'read',
  'explore.csv': 'read',
  'explore.cookbook': 'read',
  'savedQueries.list': 'read',
  'savedQueries.save': 'own',
  'savedQueries.remove': 'own',
  'live.onOverview': 'read',
  'live.onRoom': 'read',
  'live.history': 'read',
};

type Caller = { kind: 'operator' | 'token' | 'anonymous'; role: Role | null; rooms: string[]; headers: () => Promise<Headers> };
type ProcDef = { _def: { type: 'query' | 'mutation' | 'subscription'; meta?: { access?: AccessRule } } };
const procedures = (appRouter._def as unknown as { procedures: Record<string, ProcDef> }).procedures;

let services: Services;
let server: Server;
let baseUrl: string;
const callers: Record<string, Caller> = {};

async function makeOperator(role: Role, rooms: string[] = []) {
  const op = await services.db.operator.create({
    data: { email: `${role}-${rooms.length}-${randomUUID().slice(0, 6)}-${run}@tribune.test`, passwordHash: 'unused', role, rooms },
  });
  // A fresh session per call: `auth.logout` must not end the session the next call uses.
  return async () => {
    const token = newSessionToken();
    await services.db.session.create({ data: { tokenHash: hashSessionToken(token), operatorId: op.id, expiresAt: new Date(Date.now() + 3600_000) } });
    return new Headers({ cookie: `${SESSION_COOKIE}=${token}` });
  };
}

async function adminCaller() {
  const admin = await services.db.operator.findFirstOrThrow({ where: { email: `boot-${run}@tribune.test` } });
  const token = newSessionToken();
  await services.db.session.create({ data: { tokenHash: hashSessionToken(token), operatorId: admin.id, expiresAt: new Date(Date.now() + 3600_000) } });
  return { admin, cookie: `${SESSION_COOKIE}=${token}`, caller: (await callerFor(services, `${SESSION_COOKIE}=${token}`)).caller };
}

async function makeToken(role: Role, rooms: string[] = []) {
  const { caller } = await adminCaller();
  const { token } = await caller.tokens.create({ name: `${role}-${run}`, role, rooms });
  return async () => new Headers({ authorization: `Bearer ${token}` });
}

/** The AppError code (or tRPC code for input errors) a call ended with, or 'ok'. */
async function outcome(headers: Headers, path: string, input: unknown): Promise<string> {
  const caller = createCaller(await createContext(services, { headers, resHeaders: new Headers() }));
  const [area, name] = path.split('.') as [string, string];
  const fn = (caller as unknown as Record<string, Record<string, (i: unknown) => Promise<unknown>>>)[area]![name]!;
  try {
    await fn(input);
    return 'ok';
  } catch (err) {
    const cause = (err as TRPCError).cause;
    return AppError.is(cause) ? cause.code : (err as TRPCError).code;
  }
}

const REFUSALS = new Set(['FORBIDDEN', 'UNAUTHENTICATED', 'PASSWORD_CHANGE_REQUIRED', 'ACCESS_RULE_MISSING']);

/** What `who` must get from a procedure of rule `rule` whose input targets a room outside a scoped moderator's rooms. */
function expected(rule: (typeof EXPECTED)[string], who: Caller): 'allowed' | 'FORBIDDEN' | 'UNAUTHENTICATED' {
  if (rule === 'public') return 'allowed';
  if (who.kind === 'anonymous') return 'UNAUTHENTICATED';
  if (rule === 'session') return who.kind === 'operator' ? 'allowed' : 'FORBIDDEN';
  if (rule === 'read' || rule === 'own') return 'allowed';
  if (rule === 'admin') return who.role === 'admin' ? 'allowed' : 'FORBIDDEN';
  // moderate: admins, unscoped moderators; a moderator scoped elsewhere is refused on ROOM_OUT
  if (who.role === 'admin') return 'allowed';
  if (who.role === 'moderator') return who.rooms.length === 0 ? 'allowed' : 'FORBIDDEN';
  return 'FORBIDDEN';
}

beforeAll(async () => {
  services = (await startTestServices(env, logger, { email: `boot-${run}@tribune.test`, password })).services;
  const { caller } = await adminCaller();
  await caller.rooms.create({ id: ROOM_IN, title: 'in' });
  await caller.rooms.create({ id: ROOM_OUT, title: 'out' });
  callers.admin = { kind: 'operator', role: 'admin', rooms: [], headers: await makeOperator('admin') };
  callers.moderator = { kind: 'operator', role: 'moderator', rooms: [], headers: await makeOperator('moderator') };
  callers.scopedModerator = { kind: 'operator', role: 'moderator', rooms: [ROOM_IN], headers: await makeOperator('moderator', [ROOM_IN]) };
  callers.analyst = { kind: 'operator', role: 'analyst', rooms: [], headers: await makeOperator('analyst') };
  callers.adminToken = { kind: 'token', role: 'admin', rooms: [], headers: await makeToken('admin') };
  callers.analystToken = { kind: 'token', role: 'analyst', rooms: [], headers: await makeToken('analyst') };
  callers.scopedModeratorToken = { kind: 'token', role: 'moderator', rooms: [ROOM_IN], headers: await makeToken('moderator', [ROOM_IN]) };
  callers.anonymous = { kind: 'anonymous', role: null, rooms: [], headers: () => Promise.resolve(new Headers()) };
  // The real fetch handler behind a real HTTP server, as `next start` serves it.
  server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const headers = new Headers();
      for (const [k, v] of Object.entries(req.headers)) if (typeof v === 'string') headers.set(k, v);
      headers.set('x-forwarded-for', '127.0.0.1');
      const body = req.method === 'GET' || req.method === 'HEAD' ? undefined : Buffer.concat(chunks);
      handleTrpcRequest(new Request(`http://127.0.0.1${req.url ?? '/'}`, { method: req.method, headers, body }), services).then(async (r) => {
        res.writeHead(r.status, Object.fromEntries(r.headers));
        res.end(Buffer.from(await r.arrayBuffer()));
      }).catch((err: unknown) => {
        res.writeHead(500);
        res.end(String(err));
      });
    });
  });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  baseUrl = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}, 60_000);

afterAll(async () => {
  await new Promise((r) => server?.close(r));
  await services?.db.room.deleteMany({ where: { id: { in: [ROOM_IN, ROOM_OUT] } } });
  await services?.close();
});

describe('every procedure × every role', () => {
  it('every procedure declares an access rule, the one the reviewed matrix expects', () => {
    const paths = Object.keys(procedures).sort();
    expect(paths).toEqual(Object.keys(EXPECTED).sort());
    for (const path of paths) {
      const rule = procedures[path]!._def.meta?.access;
      expect(rule, `${path} has no .meta({ access })`).toBeDefined();
      const declared = rule!.kind === 'roles' ? (rule!.own ? 'own' : rule!.rooms ? 'moderate' : rule!.roles.length === 3 ? 'read' : rule!.roles.join(',')) : rule!.kind;
      expect(declared, path).toBe(EXPECTED[path]);
      // Analysts are read-only: no mutation outside their own session (log in/out, own password) or their own
      // workspace (saved queries: `own`) lets them in.
      if (procedures[path]!._def.type === 'mutation' && !path.startsWith('auth.')) expect(['admin', 'moderate', 'own'], path).toContain(EXPECTED[path]);
    }
  });

  it('each caller gets exactly the answer its role allows, on a room outside a scoped moderator’s rooms', async () => {
    const probe = { id: ROOM_OUT, roomId: ROOM_OUT, room: ROOM_OUT };
    const wrong: string[] = [];
    for (const path of Object.keys(procedures)) {
      for (const [name, who] of Object.entries(callers)) {
        const got = await outcome(await who.headers(), path, probe);
        const want = expected(EXPECTED[path]!, who);
        const ok = want === 'allowed' ? !REFUSALS.has(got) : got === want;
        if (!ok) wrong.push(`${path} as ${name}: got ${got}, want ${want}`);
      }
    }
    expect(wrong).toEqual([]);
  }, 120_000);

  it('a scoped moderator (session or token) acts on its own room, even through rows found by id, never globally', async () => {
    const { caller } = await adminCaller();
    for (const who of [callers.scopedModerator!, callers.scopedModeratorToken!]) {
      const word = (await caller.words.add({ term: `w${randomUUID().slice(0, 6)}`, match: 'word', action: 'block', roomId: ROOM_IN })).word;
      const phrase = (await caller.allowed.add({ phrase: `p${randomUUID().slice(0, 6)}`, roomId: ROOM_IN })).phrase;
      const spam = (await caller.spam.create({ kind: 'caps', roomId: ROOM_IN, action: 'reject', params: { minLength: 10, maxRatio: 0.8 } })).rule;
      const ids: Record<string, string> = { 'words.remove': word.id, 'allowed.remove': phrase.id, 'spam.update': spam.id, 'spam.enable': spam.id, 'spam.remove': spam.id };
      const wrong: string[] = [];
      for (const path of Object.keys(EXPECTED).filter((p) => EXPECTED[p] === 'moderate')) {
        const got = await outcome(await who.headers(), path, { id: ids[path] ?? ROOM_IN, roomId: ROOM_IN, room: ROOM_IN, enabled: false });
        const want = path === 'spam.setExemptRoles' ? 'FORBIDDEN' : 'allowed';
        if (want === 'allowed' ? REFUSALS.has(got) : got !== want) wrong.push(`${path} as ${who.kind}: got ${got}, want ${want}`);
      }
      expect(wrong).toEqual([]);
      // Moving a rule out of its rooms is refused too.
      const other = (await caller.spam.create({ kind: 'caps', roomId: ROOM_IN, action: 'reject', params: { minLength: 10, maxRatio: 0.8 } })).rule;
      expect(await outcome(await who.headers(), 'spam.update', { id: other.id, roomId: ROOM_OUT })).toBe('FORBIDDEN');
    }
  }, 60_000);

  it('names the role needed in the refusal', async () => {
    const caller = createCaller(await createContext(services, { headers: await callers.analyst!.headers() }));
    await expect(caller.words.add({ term: 'x', match: 'word', action: 'block', roomId: null })).rejects.toThrow('words.add needs the admin or moderator role; you are analyst');
  });
});

describe('API tokens over HTTP', () => {
  it('Bearer opens the same tRPC endpoint with the token’s role; revoked and unknown tokens are refused; last used is recorded', async () => {
    const { caller } = await adminCaller();
    const moderator = await caller.tokens.create({ name: `bot-${run}`, role: 'moderator', rooms: [ROOM_IN], expiresInDays: 1 });
    expect(moderator.token).toMatch(/^trb_[A-Za-z0-9_-]{43}$/);
    const stored = await services.db.apiToken.findUniqueOrThrow({ where: { id: moderator.view.id } });
    expect(stored.tokenHash).not.toContain(moderator.token.slice(4));
    const auth = { authorization: `Bearer ${moderator.token}` };

    const list = await fetch(`${baseUrl}/api/trpc/rooms.list`, { headers: auth });
    expect(list.status).toBe(200);
    const rooms = superjson.deserialize<{ id: string }[]>((await list.json() as { result: { data: never } }).result.data);
    expect(rooms.map((r) => r.id)).toContain(ROOM_IN);

    const term = `tok${randomUUID().slice(0, 6)}`;
    const add = await fetch(`${baseUrl}/api/trpc/words.add`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(superjson.serialize({ term, match: 'word', action: 'block', roomId: ROOM_IN })),
    });
    expect(add.status).toBe(200);
    const row = await services.db.auditLog.findFirstOrThrow({ where: { action: 'words.add', actorId: moderator.view.id } });
    expect(row).toMatchObject({ actorKind: 'token', actorLabel: `token:bot-${run}`, room: ROOM_IN, ip: '127.0.0.1' });

    const outside = await fetch(`${baseUrl}/api/trpc/words.add`, {
      method: 'POST',
      headers: { ...auth, 'content-type': 'application/json' },
      body: JSON.stringify(superjson.serialize({ term, match: 'word', action: 'block', roomId: ROOM_OUT })),
    });
    expect(outside.status).toBe(403);
    expect(((await outside.json()) as { error: { json: { data: { appCode: string } } } }).error.json.data.appCode).toBe('FORBIDDEN');

    expect((await services.db.apiToken.findUniqueOrThrow({ where: { id: moderator.view.id } })).lastUsedAt).not.toBeNull();

    await caller.tokens.revoke({ id: moderator.view.id });
    const revoked = await fetch(`${baseUrl}/api/trpc/rooms.list`, { headers: auth });
    expect(revoked.status).toBe(401);
    expect(JSON.stringify(await revoked.json())).toContain('revoked');
    const unknown = await fetch(`${baseUrl}/api/trpc/rooms.list`, { headers: { authorization: 'Bearer trb_nope' } });
    expect(unknown.status).toBe(401);
  });
});

describe('sessions', () => {
  it('an admin lists and revokes a session; an idle session ends before its expiry; a disabled operator is out', async () => {
    const { caller } = await adminCaller();
    const { operator, temporaryPassword } = await caller.operators.create({ email: `ana-${run}@tribune.test`, role: 'analyst', rooms: [] });
    expect(operator.mustChangePassword).toBe(true);
    const cookie = await loginCookie(services, { email: operator.email, password: temporaryPassword });
    const analyst = (await callerFor(services, cookie)).caller;
    await expect(analyst.rooms.list()).rejects.toThrow(/change the initial password/);
    const sessions = await caller.operators.sessions({ operatorId: operator.id });
    expect(sessions).toHaveLength(1);
    await caller.operators.revokeSession({ id: sessions[0]!.id });
    expect(await (await callerFor(services, cookie)).caller.auth.me()).toBeNull();

    const again = await loginCookie(services, { email: operator.email, password: temporaryPassword });
    const [session] = await services.db.session.findMany({ where: { operatorId: operator.id } });
    // Idle past SESSION_IDLE_MINUTES (30 by default) though far from its absolute expiry.
    await services.db.session.update({ where: { id: session!.id }, data: { lastSeenAt: new Date(Date.now() - 31 * 60_000) } });
    expect(await (await callerFor(services, again)).caller.auth.me()).toBeNull();
    expect(await services.db.session.count({ where: { id: session!.id } })).toBe(0);

    const third = await loginCookie(services, { email: operator.email, password: temporaryPassword });
    await caller.operators.setDisabled({ id: operator.id, disabled: true });
    expect(await (await callerFor(services, third)).caller.auth.me()).toBeNull();
    await expect((await callerFor(services, null)).caller.auth.login({ email: operator.email, password: temporaryPassword })).rejects.toThrow(/disabled/);
    const actions = (await caller.audit.list({ action: 'operators.' })).filter((r) => r.target === `operator:${operator.id}` || r.target === `session:${sessions[0]!.id}`).map((r) => r.action);
    expect(actions).toEqual(['operators.setDisabled', 'operators.revokeSession', 'operators.create']);
  }, 60_000);
});

describe('audit log', () => {
  it('a mutation writes its row in its own transaction: a refused change leaves none; rows cannot be changed', async () => {
    const { caller, admin } = await adminCaller();
    const before = await services.db.auditLog.count({ where: { actorId: admin.id } });
    // RE2 refuses the pattern inside the rules transaction, after the audit row was written in it: both roll back.
    await expect(caller.words.add({ term: '(?<=a)b', match: 'regex', action: 'block', roomId: ROOM_IN })).rejects.toThrow();
    expect(await services.db.auditLog.count({ where: { actorId: admin.id } })).toBe(before);
    const versionBefore = await services.rules.currentVersion();
    await caller.rooms.setModes({ id: ROOM_IN, modes: { slowModeSeconds: 20 } });
    const row = await services.db.auditLog.findFirstOrThrow({ where: { actorId: admin.id, action: 'rooms.setModes' }, orderBy: { id: 'desc' } });
    expect(row).toMatchObject({ room: ROOM_IN, actorKind: 'operator', actorLabel: `boot-${run}@tribune.test` });
    expect((row.before as { slowModeSeconds: number | null }).slowModeSeconds).toBeNull();
    expect((row.after as { slowModeSeconds: number }).slowModeSeconds).toBe(20);
    expect(await services.rules.currentVersion()).toBeGreaterThan(versionBefore);
    await expect(services.db.$executeRawUnsafe(`UPDATE audit_log SET action = 'x' WHERE id = ${row.id}`)).rejects.toThrow(/append-only/);
    await expect(services.db.$executeRawUnsafe(`DELETE FROM audit_log WHERE id = ${row.id}`)).rejects.toThrow(/append-only/);
    const filtered = await caller.audit.list({ room: ROOM_IN, action: 'rooms.setModes', from: new Date(Date.now() - 60_000) });
    expect(filtered.map((r) => r.id)).toContain(row.id.toString());
  });

  it('minting a viewer token is admin-only and audited', async () => {
    const { caller, admin } = await adminCaller();
    const minted = await caller.chat.mintViewerToken({ userId: 'alice', name: 'Alice', roles: [] });
    const row = await services.db.auditLog.findFirstOrThrow({ where: { actorId: admin.id, action: 'chat.mintViewerToken' }, orderBy: { id: 'desc' } });
    expect((row.after as { sub: string }).sub).toBe(minted.sub);
    const moderator = createCaller(await createContext(services, { headers: await callers.moderator!.headers() }));
    await expect(moderator.chat.mintViewerToken({ userId: 'alice', name: 'Alice', roles: [] })).rejects.toThrow(/needs the admin role/);
  });
});
