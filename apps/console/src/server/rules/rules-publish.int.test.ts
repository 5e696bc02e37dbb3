import { randomUUID } from 'node:crypto';
import { redisNames, rulesAnnouncement, rulesSnapshot, type RulesAnnouncement } from '@tribune/contracts';
import { createLogger } from '@tribune/service-kit';
import { Redis } from 'ioredis';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Services } from '../services';
import { callerFor, consoleTestEnv, loginCookie, startTestServices } from '../testing/operator-caller';
import { moderationRulesValidator } from './moderation-rules-validator';
import { createRedisRulesStore, type RulesStore } from './redis-rules-store';
import { createRulesService } from './rules-service';

// Publication happens only after the commit: a publish failure leaves the change saved (and reported
// as not yet published) until reconcile delivers it; a change whose commit fails is never published.
const run = randomUUID().slice(0, 8);
const env = consoleTestEnv(`console-pub-${run}`);
const logger = createLogger({ name: 'console-int', level: 'silent' });
const names = redisNames(env.REDIS_PREFIX);
const failReason = `fail-at-commit-${run}`;
const trigger = `rules_fail_at_commit_${run}`;

let services: Services;
let subscriber: Redis;
const announcements: RulesAnnouncement[] = [];
const email = `pub-${run}@tribune.test`;
const password = 'integration-password';

async function redisVersion(): Promise<number | null> {
  const raw = await services.redis.get(names.rulesSnapshot);
  return raw ? rulesSnapshot.parse(JSON.parse(raw)).version : null;
}

beforeAll(async () => {
  const started = await startTestServices(env, logger, { email, password });
  services = started.services;
  const config = started.config;
  await services.rules.republishCurrent();
  subscriber = new Redis(config.REDIS_URL);
  subscriber.on('message', (_channel, raw) => announcements.push(rulesAnnouncement.parse(JSON.parse(raw))));
  await subscriber.subscribe(names.rulesChannel);
  // Fails at COMMIT (a deferred constraint trigger), after every statement of the change has run.
  await services.db.$executeRawUnsafe(
    `CREATE OR REPLACE FUNCTION ${trigger}() RETURNS trigger LANGUAGE plpgsql AS $$ BEGIN RAISE EXCEPTION 'commit refused (test)'; END $$`,
  );
  await services.db.$executeRawUnsafe(
    `CREATE CONSTRAINT TRIGGER ${trigger} AFTER INSERT ON rules_versions DEFERRABLE INITIALLY DEFERRED FOR EACH ROW WHEN (NEW.reason = '${failReason}') EXECUTE FUNCTION ${trigger}()`,
  );
});

afterAll(async () => {
  await services?.db.$executeRawUnsafe(`DROP TRIGGER IF EXISTS ${trigger} ON rules_versions`).catch(() => undefined);
  await services?.db.$executeRawUnsafe(`DROP FUNCTION IF EXISTS ${trigger}()`).catch(() => undefined);
  await services?.redis.del(names.rulesSnapshot);
  await subscriber?.quit();
  await services?.close();
});

describe('rules publication after the commit', () => {
  it('saves a change whose publish fails, reports it as not yet published, and reconcile later delivers it', async () => {
    let attempts = 0;
    const downStore: RulesStore = {
      publish: async () => {
        attempts++;
        throw new Error('connect ECONNREFUSED (test)');
      },
      currentVersion: async () => null,
    };
    const rulesWithRedisDown = createRulesService({
      db: services.db,
      store: downStore,
      validate: moderationRulesValidator,
      logger,
      publishAttempts: 3,
      publishRetryDelayMs: 5,
    });
    // The operator's path: login, then add a word through tRPC while Redis is unreachable.
    const cookie = await loginCookie(services, { email, password });
    const { caller } = await callerFor({ ...services, rules: rulesWithRedisDown }, cookie);

    const before = await redisVersion();
    const term = `pending${run}`;
    const res = await caller.words.add({ term });
    expect(res.published).toBe(false);
    expect(attempts).toBe(3);
    expect(await services.rules.currentVersion()).toBe(res.rulesVersion);
    expect((await caller.words.list({})).some((w) => w.id === res.word.id)).toBe(true);
    expect(await redisVersion()).toBe(before);

    // The periodic reconcile (same code as every 30 s in start-console) brings Redis up to the committed version.
    expect(await services.rules.reconcile()).toBe(res.rulesVersion);
    const snapshot = rulesSnapshot.parse(JSON.parse((await services.redis.get(names.rulesSnapshot))!));
    expect(snapshot.version).toBe(res.rulesVersion);
    expect(snapshot.rules.words.map((w) => w.term)).toContain(term);
    await expect.poll(() => announcements.map((a) => a.version), { timeout: 2000 }).toContain(res.rulesVersion);

    // Once Redis is current, reconcile is a no-op (no announcement every 30 s).
    const heard = announcements.length;
    expect(await services.rules.reconcile()).toBe(res.rulesVersion);
    await new Promise((r) => setTimeout(r, 200));
    expect(announcements.length).toBe(heard);

    const removed = await services.rules.change('cleanup', (tx) => tx.bannedWord.delete({ where: { id: res.word.id } }));
    expect(removed.published).toBe(true);
    expect(await redisVersion()).toBe(removed.version);
  });

  it('never publishes a change whose commit fails', async () => {
    const redisBefore = await services.redis.get(names.rulesSnapshot);
    const versionBefore = await services.rules.currentVersion();
    const heard = announcements.length;
    const term = `rolledback${run}`;

    await expect(services.rules.change(failReason, (tx) => tx.bannedWord.create({ data: { term } }))).rejects.toThrow(/commit refused/);

    expect(await services.rules.currentVersion()).toBe(versionBefore);
    expect(await services.db.bannedWord.count({ where: { term } })).toBe(0);
    expect(await services.redis.get(names.rulesSnapshot)).toBe(redisBefore);
    await new Promise((r) => setTimeout(r, 200));
    expect(announcements.length).toBe(heard);
    // And reconcile has nothing of it to deliver.
    await services.rules.reconcile();
    const after = rulesSnapshot.parse(JSON.parse((await services.redis.get(names.rulesSnapshot))!));
    expect(after.rules.words.map((w) => w.term)).not.toContain(term);
  });

  it('publishes to the real store right after the commit', async () => {
    const rules = createRulesService({
      db: services.db,
      store: createRedisRulesStore(services.redis, env.REDIS_PREFIX),
      validate: moderationRulesValidator,
      logger,
    });
    const { version, published } = await rules.change('noop change', async () => undefined);
    expect(published).toBe(true);
    expect(await redisVersion()).toBe(version);
  });

  it('on boot, publishes a version carrying the spam policy when the latest was built with other exempt roles (SPAM_EXEMPT_ROLES changed)', async () => {
    const before = await services.rules.currentVersion();
    const booted = (extraExempt: string[]) =>
      createRulesService({ db: services.db, store: createRedisRulesStore(services.redis, env.REDIS_PREFIX), validate: moderationRulesValidator, logger, extraExemptRoles: extraExempt });
    // The same policy: boot only re-announces.
    expect(await booted([]).republishCurrent()).toBe(before);
    // The operator added an exempt role: boot commits and publishes a version with it, the default spam rules kept.
    const next = await booted(['vip']).republishCurrent();
    expect(next).toBe(before + 1);
    const inRedis = rulesSnapshot.parse(JSON.parse((await services.redis.get(names.rulesSnapshot))!));
    expect(inRedis.version).toBe(next);
    expect(inRedis.rules.exemptRoles).toEqual(['moderator', 'broadcaster', 'vip']);
    // The stored spam rules (seeded with the default policy on a fresh database), ordered by id.
    expect(inRedis.rules.spam.map((r) => r.id)).toEqual(['default-duplicate', 'default-raid', 'default-rate', 'default-repetition']);
    const row = await services.db.rulesVersion.findUniqueOrThrow({ where: { version: next } });
    expect(row.reason).toBe('spam policy');
    // Booting again with it changes nothing.
    expect(await booted(['vip']).republishCurrent()).toBe(next);
  });
});
