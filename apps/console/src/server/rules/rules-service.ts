import { rulesSnapshot, type RulesSnapshot } from '@tribune/contracts';
import type { Logger } from '@tribune/service-kit';
import type { Prisma } from '../../generated/prisma/client';
import { AppError } from '../app-error';
import type { Db } from '../db/prisma';
import { buildRuleSet, buildRulesSnapshot, ROOM_RULE_COLUMNS, spamPolicyOf } from './build-snapshot';
import { ensureSpamSeeded, storedExemptRoles } from './spam-seed';
import type { RulesStore } from './redis-rules-store';
import { refusedCases, regressionRefusal } from './regression-check';
import type { RulesValidator } from './rules-validator';

export type Tx = Prisma.TransactionClient;

/** Serialises rule changes across console instances, so versions are numbered in commit order. */
const RULES_LOCK_KEY = 7_265_001;

/** Outcome of a rule change: it is committed; `published` says whether Redis (and so the nodes) has it yet. */
export interface RulesChange<T> {
  result: T;
  version: number;
  /** false: saved in PostgreSQL but Redis could not be written; the periodic republish delivers it. */
  published: boolean;
}

export interface RulesService {
  /**
   * Runs `mutate` and records the resulting rule set as a new version in one transaction (invalid
   * rules → `RULES_INVALID`, rolled back), then — only after the commit — publishes it to Redis,
   * retrying briefly. A publish that still fails leaves the change saved with `published: false`.
   * A change that would refuse a stored regression case the rules let through before (or a case it adds) is refused
   * with `REGRESSION_CASE_REFUSED` naming it, unless `force` (then the version's reason says so).
   */
  change<T>(reason: string, mutate: (tx: Tx) => Promise<T>, options?: ChangeOptions): Promise<RulesChange<T>>;
  /** Re-announces the latest version (on boot), creating one when none exists or Redis is ahead. */
  republishCurrent(): Promise<number>;
  /**
   * Makes Redis hold the latest committed version (run periodically): publishes it when Redis is
   * behind or empty, numbers a new version above Redis when Redis is ahead, and does nothing otherwise.
   */
  reconcile(): Promise<number>;
  currentVersion(): Promise<number>;
}

export interface ChangeOptions {
  /** Publish even if regression cases would be refused again. */
  force?: boolean;
}

export interface RulesServiceOptions {
  db: Db;
  store: RulesStore;
  validate: RulesValidator;
  logger: Logger;
  onPublished?: (version: number) => void;
  /** Roles exempt from spam rules in every version besides the stored ones (`SPAM_EXEMPT_ROLES`). */
  extraExemptRoles?: readonly string[];
  /** Interactive-transaction limit (Prisma's default is 5 s, too short when waiting on the lock). */
  transactionTimeoutMs?: number;
  /** How long a change waits for another console's change (PostgreSQL `lock_timeout`). */
  lockTimeoutMs?: number;
  /** Publish attempts after the commit before reporting `published: false`. */
  publishAttempts?: number;
  publishRetryDelayMs?: number;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

export function createRulesService(deps: RulesServiceOptions): RulesService {
  const { db, store, validate } = deps;
  const transactionTimeoutMs = deps.transactionTimeoutMs ?? 15_000;
  const lockTimeoutMs = Math.min(deps.lockTimeoutMs ?? 10_000, transactionTimeoutMs);
  const publishAttempts = deps.publishAttempts ?? 3;
  const publishRetryDelayMs = deps.publishRetryDelayMs ?? 250;
  const published = (version: number) => deps.onPublished?.(version);
  const logger = deps.logger.child({ module: 'rules' });
  const extraExemptRoles = deps.extraExemptRoles ?? [];
  /** Set once this process saw the spam policy seeded (or seeded it): boot checks it before comparing. */
  let spamSeeded = false;

  /** The rule set as the database holds it now: words, allowed phrases, spam rules and settings, rooms. */
  async function readRuleSet(client: Tx) {
    const words = await client.bannedWord.findMany();
    const allowed = await client.allowedPhrase.findMany();
    const spam = await client.spamRule.findMany();
    const exempt = await storedExemptRoles(client);
    const rooms = await client.room.findMany({ select: ROOM_RULE_COLUMNS });
    return buildRuleSet(words, allowed, spamPolicyOf(spam, exempt, extraExemptRoles), rooms);
  }

  /** A transaction holding the rules lock: rule changes (and the spam seed) run one at a time across consoles. */
  function locked<T>(work: (tx: Tx) => Promise<T>): Promise<T> {
    return db.$transaction(
      async (tx) => {
        await tx.$executeRawUnsafe(`SET LOCAL lock_timeout = ${Math.max(1, Math.floor(lockTimeoutMs))}`);
        await tx.$executeRaw`SELECT pg_advisory_xact_lock(${RULES_LOCK_KEY})`;
        return work(tx);
      },
      { maxWait: 5_000, timeout: transactionTimeoutMs },
    );
  }

  /** Mutate + record a new version, committed; nothing touches Redis in here. */
  async function commitVersion<T>(
    reason: string,
    mutate: (tx: Tx) => Promise<T>,
    numberAbove?: number,
    /** null: no regression check (boot, renumbering: nothing an operator changed). */
    checks: ChangeOptions | null = null,
  ): Promise<{ result: T; snapshot: RulesSnapshot }> {
    const committed = await locked(async (tx) => {
      // A fresh database gets the default spam policy before its first version (and before the first change).
      if (await ensureSpamSeeded(tx)) logger.info('spam_policy_seeded');
      // The rules before the change: a case already refused (a forced change) does not block every later change.
      const casesBefore = checks ? new Set((await tx.regressionCase.findMany({ select: { id: true } })).map((c) => c.id)) : new Set<string>();
      const rulesBefore = casesBefore.size > 0 ? await readRuleSet(tx) : null;
      const result = await mutate(tx);
      if (numberAbove !== undefined) {
        const latest = await tx.rulesVersion.findFirst({ orderBy: { version: 'desc' }, select: { version: true } });
        if (!latest || latest.version < numberAbove) {
          // Redis outlived the database (e.g. a wiped dev DB): continue numbering above it, or nodes would ignore us.
          await tx.$executeRaw`SELECT setval(pg_get_serial_sequence('rules_versions', 'version'), ${numberAbove}::bigint)`;
          logger.warn({ inRedis: numberAbove, inDb: latest?.version ?? null }, 'rules_version_behind_redis');
        }
      }
      const rules = await readRuleSet(tx);
      validate(rules);
      let versionReason = reason;
      if (checks) {
        const cases = await tx.regressionCase.findMany();
        const refusedBefore = new Set(rulesBefore ? refusedCases(rulesBefore, cases.filter((c) => casesBefore.has(c.id))).map((r) => r.regressionCase.id) : []);
        const newly = refusedCases(rules, cases).filter((r) => !refusedBefore.has(r.regressionCase.id));
        if (newly.length > 0 && !checks.force) throw regressionRefusal(newly);
        if (newly.length > 0) {
          const ids = newly.map((r) => r.regressionCase.id);
          versionReason = `${reason} (forced past regression case${ids.length > 1 ? 's' : ''} ${ids.join(', ')})`;
          logger.warn({ cases: ids, reason }, 'rules_forced_past_regression_cases');
        }
      }
      const row = await tx.rulesVersion.create({ data: { reason: versionReason, snapshot: {} } });
      const snapshot = buildRulesSnapshot(row.version, Date.now(), rules);
      await tx.rulesVersion.update({ where: { version: row.version }, data: { snapshot: snapshot as unknown as Prisma.InputJsonValue } });
      return { result, snapshot };
    });
    spamSeeded = true;
    return committed;
  }

  /**
   * Publishes a committed snapshot, retrying. true when Redis now holds it or a newer committed
   * version (which includes this change); false when it must wait for `reconcile`.
   */
  async function publishCommitted(snapshot: RulesSnapshot): Promise<boolean> {
    for (let attempt = 1; ; attempt++) {
      try {
        if (await store.publish(snapshot)) {
          published(snapshot.version);
          logger.info({ version: snapshot.version, words: snapshot.rules.words.length }, 'rules_published');
          return true;
        }
        // Redis holds a newer version: normally a later commit (it read this change under the lock).
        const inRedis = await store.currentVersion();
        const inDb = await currentVersion();
        if (inRedis !== null && inRedis <= inDb) {
          logger.info({ version: snapshot.version, inRedis }, 'rules_publish_superseded');
          return true;
        }
        // Redis is ahead of the database: renumber above it now rather than wait for the next reconcile.
        await sync(false);
        return true;
      } catch (err) {
        if (attempt >= publishAttempts) {
          logger.warn({ version: snapshot.version, attempts: attempt, err: err instanceof Error ? err.message : String(err) }, 'rules_publish_pending');
          return false;
        }
        await sleep(publishRetryDelayMs * attempt);
      }
    }
  }

  async function currentVersion(): Promise<number> {
    const latest = await db.rulesVersion.findFirst({ orderBy: { version: 'desc' }, select: { version: true } });
    return latest?.version ?? 0;
  }

  /**
   * Why the rule set built now differs from `snapshot`, or null when it does not: the spam policy changed (the
   * defaults seeded into an upgraded database, `SPAM_EXEMPT_ROLES` edited, a manual edit of `spam_rules`), or other
   * rows were written without a version (the seed's room, a manual edit). One comparison of the whole rule set, so
   * boot commits at most one version for all of them.
   */
  async function drift(snapshot: RulesSnapshot): Promise<string | null> {
    const now = buildRulesSnapshot(snapshot.version, snapshot.publishedAt, await readRuleSet(db)).rules;
    const parsed = rulesSnapshot.safeParse(snapshot);
    if (!parsed.success) return 'boot: the latest snapshot does not parse';
    const then = parsed.data.rules;
    if (JSON.stringify(now) === JSON.stringify(then)) return null;
    const samePolicy = JSON.stringify({ spam: now.spam, exemptRoles: now.exemptRoles }) === JSON.stringify({ spam: then.spam, exemptRoles: then.exemptRoles });
    return samePolicy ? `boot: database changed since version ${snapshot.version}` : 'spam policy';
  }

  /** `announceSame`: republish even when Redis already holds the latest version (boot). */
  async function sync(announceSame: boolean): Promise<number> {
    // Redis first, then PostgreSQL: anything in Redis was committed before it was published, so a
    // Redis version above the one read afterwards really means the database is behind.
    const inRedis = await store.currentVersion();
    if (!spamSeeded) {
      // Before comparing: an upgraded database gets its spam policy rows now, and the comparison below sees them.
      if (await locked(ensureSpamSeeded)) logger.info('spam_policy_seeded');
      spamSeeded = true;
    }
    const latest = await db.rulesVersion.findFirst({ orderBy: { version: 'desc' } });
    // At boot, rows written without a rules version (the seed's demo room) become one, so nodes know every room.
    const reason = announceSame && latest && (inRedis === null || inRedis <= latest.version) ? await drift(latest.snapshot as unknown as RulesSnapshot) : null;
    if (latest && reason) {
      const { snapshot } = await commitVersion(reason, async () => undefined);
      if (await store.publish(snapshot)) published(snapshot.version);
      logger.info({ version: snapshot.version, previous: latest.version, reason, spam: snapshot.rules.spam.map((r) => r.id), exemptRoles: snapshot.rules.exemptRoles }, 'rules_republished_with_changes');
      return snapshot.version;
    }
    if (latest && (inRedis === null || inRedis <= latest.version)) {
      if (inRedis === latest.version && !announceSame) return latest.version;
      if (await store.publish(latest.snapshot as unknown as RulesSnapshot)) {
        published(latest.version);
        logger.info({ version: latest.version, inRedis }, 'rules_republished');
      }
      return latest.version;
    }
    const { snapshot } = await commitVersion(latest ? 'renumber above redis' : 'initial publish', async () => undefined, inRedis ?? undefined);
    if (!(await store.publish(snapshot))) {
      throw new AppError('PUBLISH_FAILED', `Redis holds a newer rules version than ${snapshot.version}; retry`);
    }
    published(snapshot.version);
    logger.info({ version: snapshot.version }, 'rules_published');
    return snapshot.version;
  }

  return {
    async change(reason, mutate, options = {}) {
      const { result, snapshot } = await commitVersion(reason, mutate, undefined, options);
      logger.info({ version: snapshot.version, reason }, 'rules_committed');
      return { result, version: snapshot.version, published: await publishCommitted(snapshot) };
    },
    republishCurrent: () => sync(true),
    reconcile: () => sync(false),
    currentVersion,
  };
}
