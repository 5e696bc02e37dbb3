import type { RulesSnapshot } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import type { Prisma } from '../../generated/prisma/client';
import { AppError } from '../app-error';
import type { Db } from '../db/prisma';
import { buildRuleSet, buildRulesSnapshot } from './build-snapshot';
import type { RulesStore } from './redis-rules-store';
import type { RulesValidator } from './rules-validator';

export type Tx = Prisma.TransactionClient;

/** Serialises rule changes across console instances, so versions are published in commit order. */
const RULES_LOCK_KEY = 7_265_001;

export interface RulesService {
  /**
   * Runs `mutate` and publishes the resulting rule set as a new version, all in one transaction:
   * if the rules do not compile or Redis refuses the write, the change is rolled back.
   */
  change<T>(reason: string, mutate: (tx: Tx) => Promise<T>): Promise<{ result: T; version: number }>;
  /** Re-announces the latest version (on boot), creating one when none exists or Redis is ahead. */
  republishCurrent(): Promise<number>;
  currentVersion(): Promise<number>;
}

export function createRulesService(deps: {
  db: Db;
  store: RulesStore;
  validate: RulesValidator;
  logger: Logger;
  onPublished?: (version: number) => void;
}): RulesService {
  const { db, store, validate } = deps;
  const published = (version: number) => deps.onPublished?.(version);
  const logger = deps.logger.child({ module: 'rules' });

  async function publishNewVersion(tx: Tx, reason: string): Promise<RulesSnapshot> {
    const words = await tx.bannedWord.findMany();
    const rules = buildRuleSet(words);
    validate(rules);
    const row = await tx.rulesVersion.create({ data: { reason, snapshot: {} } });
    const snapshot = buildRulesSnapshot(row.version, Date.now(), rules);
    await tx.rulesVersion.update({ where: { version: row.version }, data: { snapshot: snapshot as unknown as Prisma.InputJsonValue } });
    let written: boolean;
    try {
      written = await store.publish(snapshot);
    } catch (err) {
      throw new AppError('PUBLISH_FAILED', 'could not publish the rules to Redis; nothing was changed', [], { cause: err });
    }
    if (!written) throw new AppError('PUBLISH_FAILED', `Redis holds a newer rules version than ${snapshot.version}; retry`);
    return snapshot;
  }

  return {
    async change(reason, mutate) {
      const { result, snapshot } = await db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RULES_LOCK_KEY})`;
        const result = await mutate(tx);
        const snapshot = await publishNewVersion(tx, reason);
        return { result, snapshot };
      });
      published(snapshot.version);
      logger.info({ version: snapshot.version, reason, words: snapshot.rules.words.length }, 'rules_published');
      return { result, version: snapshot.version };
    },

    async republishCurrent() {
      return db.$transaction(async (tx) => {
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RULES_LOCK_KEY})`;
        const latest = await tx.rulesVersion.findFirst({ orderBy: { version: 'desc' } });
        const inRedis = await store.currentVersion();
        if (latest && (inRedis === null || inRedis <= latest.version)) {
          await store.publish(latest.snapshot as unknown as RulesSnapshot);
          published(latest.version);
          logger.info({ version: latest.version }, 'rules_republished');
          return latest.version;
        }
        if (inRedis !== null && (!latest || inRedis > latest.version)) {
          // Redis outlived the database (e.g. a wiped dev DB): continue numbering above it, or nodes would ignore us.
          await tx.$executeRaw`SELECT setval(pg_get_serial_sequence('rules_versions', 'version'), ${inRedis}::bigint)`;
          logger.warn({ inRedis, inDb: latest?.version ?? null }, 'rules_version_behind_redis');
        }
        const snapshot = await publishNewVersion(tx, 'initial publish');
        published(snapshot.version);
        logger.info({ version: snapshot.version }, 'rules_published');
        return snapshot.version;
      });
    },

    async currentVersion() {
      const latest = await db.rulesVersion.findFirst({ orderBy: { version: 'desc' }, select: { version: true } });
      return latest?.version ?? 0;
    },
  };
}
