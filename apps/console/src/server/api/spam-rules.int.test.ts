import { randomUUID } from 'node:crypto';
import { redisNames, rulesSnapshot, type RulesSnapshot } from '@tribune/contracts';
import { compile, createSpamState, evaluate } from '@tribune/moderation';
import { createLogger } from '@tribune/service-kit';
import { TRPCError } from '@trpc/server';
import pg from 'pg';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Prisma } from '../../generated/prisma/client';
import { AppError } from '../app-error';
import { buildRuleSet, buildRulesSnapshot, defaultPolicy, ROOM_RULE_COLUMNS } from '../rules/build-snapshot';
import { moderationRulesValidator } from '../rules/moderation-rules-validator';
import { createRedisRulesStore } from '../rules/redis-rules-store';
import { createRulesService } from '../rules/rules-service';
import type { Services } from '../services';
import { consoleTestEnv, operatorCaller, startTestServices } from '../testing/operator-caller';

// Spam rules through the tRPC API on real PostgreSQL and Redis. A throwaway database (its name says test, dropped
// afterwards) so the first start — an empty `spam_rules` table — really is a first start.
const run = randomUUID().slice(0, 8);
const base = new URL(process.env.DATABASE_URL ?? 'postgresql://postgres@127.0.0.1:5432/tribune_console_dev');
const dbName = `tribune_console_spam_test_${run}`;
const dbUrl = new URL(base);
dbUrl.pathname = `/${dbName}`;
const env = consoleTestEnv(`spam-it-${run}`, { DATABASE_URL: dbUrl.toString() });
const logger = createLogger({ name: 'spam-int', level: 'warn' });
const operator = { email: `op-spam-${run}@tribune.test`, password: 'integration-password' };
const names = redisNames(env.REDIS_PREFIX);
const DEFAULT_IDS = ['default-duplicate', 'default-raid', 'default-rate', 'default-repetition'];

let services: Services;
const caller = () => operatorCaller(services, operator);

/** What a node does with the snapshot key: parse it with the contract, compile it with the engine. */
async function nodeView(): Promise<{ snapshot: RulesSnapshot; compiled: ReturnType<typeof compile> }> {
  const raw = await services.redis.get(names.rulesSnapshot);
  expect(raw, 'a snapshot in Redis').not.toBeNull();
  const snapshot = rulesSnapshot.parse(JSON.parse(raw!));
  return { snapshot, compiled: compile(snapshot.rules) };
}

function appErrorOf(err: unknown): AppError {
  expect(err).toBeInstanceOf(TRPCError);
  const cause = (err as TRPCError).cause;
  expect(AppError.is(cause)).toBe(true);
  return cause as AppError;
}

beforeAll(async () => {
  services = (await startTestServices(env, logger, operator)).services;
});

afterAll(async () => {
  if (services) {
    const keys = await services.redis.keys(`${env.REDIS_PREFIX}:*`);
    if (keys.length > 0) await services.redis.del(...keys);
    await services.close();
  }
  const admin = new URL(base);
  admin.pathname = '/postgres';
  const client = new pg.Client({ connectionString: admin.toString() });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${dbName}" WITH (FORCE)`);
  await client.end();
});

describe('spam rules: console tRPC API → PostgreSQL → Redis snapshot', () => {
  it('a first start seeds the documented default policy, publishes it, and it is listed and editable', async () => {
    expect(await services.db.spamRule.count()).toBe(0);
    const version = await services.rules.republishCurrent();
    expect(version).toBe(1);
    const { snapshot, compiled } = await nodeView();
    expect(snapshot.version).toBe(1);
    expect(snapshot.rules.spam.map((r) => r.id)).toEqual(DEFAULT_IDS);
    expect(snapshot.rules.spam).toEqual(expect.arrayContaining(defaultPolicy().spam.map((r) => expect.objectContaining(r))));
    expect(snapshot.rules.exemptRoles).toEqual(['moderator', 'broadcaster']);
    // A fresh install stops a duplicate flood.
    const state = createSpamState();
    const sends = [0, 1, 2].map((i) => evaluate({ text: 'BUY CHEAP GOLD at goldshop', userId: 'flooder', roles: [], room: 'demo', ts: 1000 + i }, { state }, compiled).action);
    expect(sends).toEqual(['allow', 'reject', 'reject']);

    const listed = await (await caller()).spam.list();
    expect(listed.map((r) => r.id).sort()).toEqual(DEFAULT_IDS);
    expect(listed.find((r) => r.id === 'default-rate')).toMatchObject({ kind: 'rate', action: 'reject', enabled: true, roomId: null, params: { burst: 20, perSeconds: 30 } });
    // Booting again changes nothing.
    expect(await services.rules.republishCurrent()).toBe(1);
  });

  it('each change is one version nodes can parse: create, update, enable, exempt roles, remove', async () => {
    const api = await caller();
    const room = `spam-${run}`;
    await api.rooms.create({ id: room, title: 'Spam rules' });
    const v0 = await services.rules.currentVersion();

    const created = await api.spam.create({ kind: 'max_length', roomId: room, action: 'timeout', timeoutSeconds: 30, params: { maxChars: 10 } });
    expect(created).toMatchObject({ rulesVersion: v0 + 1, published: true, rule: { kind: 'max_length', roomId: room, params: { maxChars: 10 } } });
    let view = await nodeView();
    expect(view.snapshot.version).toBe(v0 + 1);
    expect(view.snapshot.rules.spam.find((r) => r.id === created.rule.id)).toEqual({ id: created.rule.id, kind: 'max_length', roomId: room, action: 'timeout', timeoutSeconds: 30, enabled: true, maxChars: 10 });
    const judge = (text: string, r = room) => evaluate({ text, userId: 'u', roles: [], room: r, ts: Date.now() }, { state: createSpamState() }, view.compiled);
    expect(judge('twelve chars')).toMatchObject({ action: 'timeout', timeoutSeconds: 30 });
    expect(judge('twelve chars', 'elsewhere').action).toBe('allow');

    const updated = await api.spam.update({ id: created.rule.id, params: { maxChars: 20 }, action: 'reject' });
    expect(updated.rulesVersion).toBe(v0 + 2);
    view = await nodeView();
    expect(judge('twelve chars').action).toBe('allow');
    expect(judge('a message well over twenty').action).toBe('reject');

    const disabled = await api.spam.enable({ id: created.rule.id, enabled: false });
    expect(disabled).toMatchObject({ rulesVersion: v0 + 3, rule: { enabled: false } });
    view = await nodeView();
    expect(view.snapshot.rules.spam.find((r) => r.id === created.rule.id)?.enabled).toBe(false);
    expect(judge('a message well over twenty').action).toBe('allow');

    // The default rate rule edited: a room where three quick messages are the limit.
    await api.spam.update({ id: 'default-rate', params: { burst: 3, perSeconds: 60 } });
    const roles = await api.spam.setExemptRoles({ exemptRoles: ['moderator', 'vip'] });
    expect(roles).toMatchObject({ exemptRoles: ['moderator', 'vip'], rulesVersion: v0 + 5 });
    view = await nodeView();
    expect(view.snapshot.rules.exemptRoles).toEqual(['moderator', 'vip']);
    const state = createSpamState();
    // Distinct texts, so the default duplicate rule stays out of it.
    const texts = ['what a save', 'that was offside', 'referee!!', 'second half now'];
    const quick = (roles: string[]) => texts.map((text, i) => evaluate({ text, userId: roles.join() || 'plain', roles, room, ts: 1000 + i }, { state }, view.compiled).action);
    expect(quick([])).toEqual(['allow', 'allow', 'allow', 'reject']);
    expect(quick(['vip'])).toEqual(['allow', 'allow', 'allow', 'allow']);
    expect(quick(['broadcaster'])).toEqual(['allow', 'allow', 'allow', 'reject']);
    expect(await api.spam.settings()).toEqual({ exemptRoles: ['moderator', 'vip'], fromEnvironment: [], effective: ['moderator', 'vip'] });

    const removed = await api.spam.remove({ id: created.rule.id });
    expect(removed.rulesVersion).toBe(v0 + 6);
    expect((await nodeView()).snapshot.rules.spam.map((r) => r.id)).not.toContain(created.rule.id);
    expect((await api.spam.list({ roomId: room })).length).toBe(0);
  });

  it('refuses an invalid rule naming the field, with nothing committed or published', async () => {
    const api = await caller();
    const before = await services.rules.currentVersion();
    const redisBefore = await services.redis.get(names.rulesSnapshot);
    const zero = appErrorOf(await api.spam.create({ kind: 'rate', params: { burst: 0, perSeconds: 10 } }).catch((e: unknown) => e));
    expect(zero.code).toBe('RULES_INVALID');
    expect(zero.message).toBe('burst: must be positive');
    expect(zero.issues).toEqual([{ field: 'burst', message: 'must be positive' }]);
    const noSeconds = appErrorOf(await api.spam.update({ id: 'default-rate', action: 'timeout' }).catch((e: unknown) => e));
    expect(noSeconds.issues).toEqual([{ field: 'timeoutSeconds', message: 'is required when action is timeout' }]);
    const domain = appErrorOf(await api.spam.create({ kind: 'links', params: { mode: 'deny_list', domains: ['no such thing'] } }).catch((e: unknown) => e));
    expect(domain.issues[0]).toMatchObject({ field: 'domains.0' });
    expect(appErrorOf(await api.spam.create({ kind: 'caps', roomId: 'no-such-room', params: { maxRatio: 0.5 } }).catch((e: unknown) => e)).code).toBe('NOT_FOUND');
    expect(appErrorOf(await api.spam.enable({ id: 'no-such-rule', enabled: true }).catch((e: unknown) => e)).code).toBe('NOT_FOUND');
    expect(await services.rules.currentVersion()).toBe(before);
    expect(await services.redis.get(names.rulesSnapshot)).toBe(redisBefore);
  });

  it('removing every spam rule sticks across a restart: the defaults are seeded once, not again', async () => {
    const api = await caller();
    for (const r of await api.spam.list()) await api.spam.remove({ id: r.id });
    const v = await services.rules.currentVersion();
    expect((await nodeView()).snapshot.rules.spam).toEqual([]);
    const restarted = createRulesService({ db: services.db, store: createRedisRulesStore(services.redis, env.REDIS_PREFIX), validate: moderationRulesValidator, logger });
    expect(await restarted.republishCurrent()).toBe(v);
    expect(await services.db.spamRule.count()).toBe(0);
  });

  it('an upgraded database (latest version built with the hard-coded default policy, no spam rows) is seeded and boot commits exactly one version', async () => {
    // Back to the state an older console left: no settings row, no spam rows, a latest snapshot with the defaults.
    await services.db.spamSettings.deleteMany();
    const rooms = await services.db.room.findMany({ select: ROOM_RULE_COLUMNS });
    const old = buildRuleSet(await services.db.bannedWord.findMany(), await services.db.allowedPhrase.findMany(), defaultPolicy(), rooms);
    const row = await services.db.rulesVersion.create({ data: { reason: 'older console', snapshot: {} } });
    await services.db.rulesVersion.update({ where: { version: row.version }, data: { snapshot: buildRulesSnapshot(row.version, Date.now(), old) as unknown as Prisma.InputJsonValue } });

    const booted = () => createRulesService({ db: services.db, store: createRedisRulesStore(services.redis, env.REDIS_PREFIX), validate: moderationRulesValidator, logger, extraExemptRoles: ['vip'] });
    const next = await booted().republishCurrent();
    expect(next).toBe(row.version + 1);
    expect((await services.db.rulesVersion.findUniqueOrThrow({ where: { version: next } })).reason).toBe('spam policy');
    const { snapshot } = await nodeView();
    expect(snapshot.version).toBe(next);
    expect(snapshot.rules.spam.map((r) => r.id)).toEqual(DEFAULT_IDS);
    expect(snapshot.rules.exemptRoles).toEqual(['moderator', 'broadcaster', 'vip']);
    expect(await booted().republishCurrent()).toBe(next);
  });
});
