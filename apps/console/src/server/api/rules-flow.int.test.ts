import { randomUUID } from 'node:crypto';
import { redisNames, rulesAnnouncement, rulesSnapshot, type RulesAnnouncement } from '@tribune/contracts';
import { createLogger } from '@tribune/service-kit';
import { TRPCError } from '@trpc/server';
import { fetchRequestHandler } from '@trpc/server/adapters/fetch';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../app-error';
import type { Services } from '../services';
import { callerFor, consoleTestEnv, operatorCaller, startTestServices } from '../testing/operator-caller';
import { appRouter } from './root';
import { createContext } from './trpc';

// Real PostgreSQL and Redis: the harness's database when given, otherwise our own dev database.
const run = randomUUID().slice(0, 8);
const env = consoleTestEnv(`console-it-${run}`);
const logger = createLogger({ name: 'console-int', level: 'warn' });

let services: Services;
let subscriber: Redis;
const announcements: RulesAnnouncement[] = [];
const email = `op-${run}@tribune.test`;
const password = 'integration-password';

const loggedInCaller = () => operatorCaller(services, { email, password });

function appErrorOf(err: unknown): AppError {
  expect(err).toBeInstanceOf(TRPCError);
  const cause = (err as TRPCError).cause;
  expect(cause).toBeInstanceOf(AppError);
  return cause as AppError;
}

beforeAll(async () => {
  const started = await startTestServices(env, logger, { email, password });
  services = started.services;
  const config = started.config;
  subscriber = new Redis(config.REDIS_URL);
  subscriber.on('message', (_channel, raw) => announcements.push(rulesAnnouncement.parse(JSON.parse(raw))));
  await subscriber.subscribe(redisNames(env.REDIS_PREFIX).rulesChannel);
});

afterAll(async () => {
  await services?.redis.del(redisNames(env.REDIS_PREFIX).rulesSnapshot);
  await subscriber?.quit();
  await services?.close();
});

describe('console API against PostgreSQL and Redis', () => {
  it('refuses protected procedures without a session, and a wrong password', async () => {
    const { caller } = await callerFor(services, null);
    expect(appErrorOf(await caller.rooms.list().catch((e: unknown) => e)).code).toBe('UNAUTHENTICATED');
    expect(appErrorOf(await caller.auth.login({ email, password: 'nope' }).catch((e: unknown) => e)).code).toBe('INVALID_CREDENTIALS');
  });

  it('sets an httpOnly SameSite=Lax session cookie on login and forgets it on logout', async () => {
    const anon = await callerFor(services, null);
    await anon.caller.auth.login({ email, password });
    const cookie = anon.resHeaders.get('set-cookie') ?? '';
    expect(cookie).toMatch(/tribune_session=[^;]+; Path=\/; HttpOnly; SameSite=Lax; Max-Age=\d+/);
    const me = await callerFor(services, cookie.split(';')[0]!);
    expect(await me.caller.auth.me()).toMatchObject({ email });
    await me.caller.auth.logout();
    expect(await (await callerFor(services, cookie.split(';')[0]!)).caller.auth.me()).toBeNull();
  });

  it('creates and edits a room, then a banned word publishes a new rules version to Redis and announces it', async () => {
    const caller = await loggedInCaller();
    const room = `it-${run}`;
    const created = await caller.rooms.create({ id: room, title: 'Integration' });
    expect(created).toMatchObject({ id: room, title: 'Integration', status: 'open' });
    expect(appErrorOf(await caller.rooms.create({ id: room, title: 'again' }).catch((e: unknown) => e)).code).toBe('ALREADY_EXISTS');
    const edited = await caller.rooms.update({ id: room, status: 'closed', description: 'edited' });
    expect(edited).toMatchObject({ status: 'closed', description: 'edited' });
    expect((await caller.rooms.list()).map((r) => r.id)).toContain(room);

    const before = await services.rules.currentVersion();
    const { word, rulesVersion, published } = await caller.words.add({ term: `forbidden${run}`, roomId: room, action: 'mask' });
    expect(published).toBe(true);
    expect(rulesVersion).toBeGreaterThan(before);

    const raw = await services.redis.get(redisNames(env.REDIS_PREFIX).rulesSnapshot);
    const snapshot = rulesSnapshot.parse(JSON.parse(raw!));
    expect(snapshot.version).toBe(rulesVersion);
    expect(snapshot.rules.words).toContainEqual(expect.objectContaining({ id: word.id, term: `forbidden${run}`, roomId: room, action: 'mask' }));

    await expect.poll(() => announcements.map((a) => a.version), { timeout: 2000 }).toContain(rulesVersion);

    const removed = await caller.words.remove({ id: word.id });
    expect(removed.rulesVersion).toBeGreaterThan(rulesVersion);
    const after = rulesSnapshot.parse(JSON.parse((await services.redis.get(redisNames(env.REDIS_PREFIX).rulesSnapshot))!));
    expect(after.rules.words.map((w) => w.id)).not.toContain(word.id);
    await expect.poll(() => announcements.map((a) => a.version), { timeout: 2000 }).toContain(removed.rulesVersion);
  });

  it('adds, lists and removes an allowed phrase, each a published rules version carrying it', async () => {
    const caller = await loggedInCaller();
    const phrase = `새끼손가락${run}`;
    const added = await caller.allowed.add({ phrase });
    expect(added).toMatchObject({ published: true, phrase: { phrase, roomId: null } });
    expect((await caller.allowed.list({})).map((p) => p.id)).toContain(added.phrase.id);
    const names = redisNames(env.REDIS_PREFIX);
    const snapshot = rulesSnapshot.parse(JSON.parse((await services.redis.get(names.rulesSnapshot))!));
    expect(snapshot.version).toBe(added.rulesVersion);
    expect(snapshot.rules.allowed).toContainEqual({ id: added.phrase.id, phrase, roomId: null });
    expect(appErrorOf(await caller.allowed.add({ phrase: 'x', roomId: `missing-${run}` }).catch((e: unknown) => e)).code).toBe('NOT_FOUND');

    const removed = await caller.allowed.remove({ id: added.phrase.id });
    expect(removed.rulesVersion).toBeGreaterThan(added.rulesVersion);
    const after = rulesSnapshot.parse(JSON.parse((await services.redis.get(names.rulesSnapshot))!));
    expect(after.rules.allowed.map((p) => p.id)).not.toContain(added.phrase.id);
    expect(appErrorOf(await caller.allowed.remove({ id: added.phrase.id }).catch((e: unknown) => e)).code).toBe('NOT_FOUND');
  });

  it('refuses an invalid regex naming the field, and publishes nothing', async () => {
    const caller = await loggedInCaller();
    const redisBefore = await services.redis.get(redisNames(env.REDIS_PREFIX).rulesSnapshot);
    const versionBefore = await services.rules.currentVersion();
    const heard = announcements.length;

    const err = appErrorOf(await caller.words.add({ term: '(unclosed', match: 'regex' }).catch((e: unknown) => e));
    expect(err.code).toBe('RULES_INVALID');
    expect(err.issues.length).toBeGreaterThan(0);
    expect(err.issues.some((i) => /term/.test(i.field))).toBe(true);
    expect(err.message).toMatch(/term/);

    expect(await services.rules.currentVersion()).toBe(versionBefore);
    expect(await services.redis.get(redisNames(env.REDIS_PREFIX).rulesSnapshot)).toBe(redisBefore);
    expect((await caller.words.list({})).some((w) => w.term === '(unclosed')).toBe(false);
    await new Promise((r) => setTimeout(r, 200));
    expect(announcements.length).toBe(heard);
  });

  it('republishes the latest version on boot, and numbers above Redis when Redis is ahead', async () => {
    const names = redisNames(env.REDIS_PREFIX);
    await services.redis.del(names.rulesSnapshot);
    const latest = await services.rules.currentVersion();
    expect(await services.rules.republishCurrent()).toBe(latest);
    expect(rulesSnapshot.parse(JSON.parse((await services.redis.get(names.rulesSnapshot))!)).version).toBe(latest);

    const ahead = latest + 5;
    await services.redis.set(names.rulesSnapshot, JSON.stringify({ v: 1, version: ahead, publishedAt: Date.now(), rules: {} }));
    const next = await services.rules.republishCurrent();
    expect(next).toBeGreaterThan(ahead);
    expect(rulesSnapshot.parse(JSON.parse((await services.redis.get(names.rulesSnapshot))!)).version).toBe(next);
  });

  it('maps application errors once to HTTP status, tRPC code and a stable appCode over HTTP', async () => {
    const call = (path: string, body: unknown, cookie?: string) =>
      fetchRequestHandler({
        endpoint: '/api/trpc',
        req: new Request(`http://console.test/api/trpc/${path}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json', ...(cookie ? { cookie } : {}) },
          body: JSON.stringify({ json: body }),
        }),
        router: appRouter,
        createContext: ({ req, resHeaders }) => createContext(services, { headers: req.headers, resHeaders }),
      });
    const unauth = await call('rooms.create', { id: `x-${run}`, title: 'x' });
    expect(unauth.status).toBe(401);
    expect((await unauth.json()).error.json.data).toMatchObject({ code: 'UNAUTHORIZED', appCode: 'UNAUTHENTICATED' });

    const login = await call('auth.login', { email, password });
    expect(login.status).toBe(200);
    const cookie = login.headers.get('set-cookie')!.split(';')[0]!;
    const invalid = await call('words.add', { term: 'a[', match: 'regex' }, cookie);
    expect(invalid.status).toBe(400);
    const data = (await invalid.json()).error.json.data;
    expect(data).toMatchObject({ code: 'BAD_REQUEST', appCode: 'RULES_INVALID' });
    expect(data.issues[0].field).toBe('term');
    expect(data.stack).toBeUndefined();

    const badInput = await call('rooms.create', { id: 'Not A Slug', title: 'x' }, cookie);
    expect(badInput.status).toBe(400);
    expect((await badInput.json()).error.json.data.issues[0].field).toBe('id');

    const metrics = await services.metrics.metrics();
    expect(metrics).toMatch(/tribune_console_rules_published_total [1-9]/);
    expect(metrics).toContain('tribune_console_trpc_duration_seconds_bucket');
  });

  it('lists live node heartbeats with each rules version against the current one', async () => {
    const caller = await loggedInCaller();
    const names = redisNames(env.REDIS_PREFIX);
    const current = await services.rules.currentVersion();
    const beat = (nodeId: string, rulesVersion: number) =>
      JSON.stringify({ v: 1, nodeId, url: `ws://127.0.0.1/${nodeId}`, rulesVersion, connections: 3, startedAt: Date.now() - 1000, ts: Date.now() });
    await services.redis.set(names.node('node-a'), beat('node-a', current), 'EX', 15);
    await services.redis.set(names.node('node-b'), beat('node-b', Math.max(0, current - 2)), 'EX', 15);
    await services.redis.set(names.node('node-broken'), 'not json', 'EX', 15);
    try {
      const { currentVersion, nodes } = await caller.nodes.list();
      expect(currentVersion).toBe(current);
      expect(nodes.map((n) => n.nodeId)).toEqual(['node-a', 'node-b']);
      expect(nodes[0]).toMatchObject({ inSync: true, lag: 0, connections: 3 });
      expect(nodes[1]).toMatchObject({ inSync: current < 1, lag: Math.min(2, current) });
    } finally {
      await services.redis.del(names.node('node-a'), names.node('node-b'), names.node('node-broken'));
    }
  });
});
