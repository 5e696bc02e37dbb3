import type { Audit } from '../audit/record-audit';
import { rulesSnapshot } from '@tribune/contracts';
import { AppError } from '../app-error';
import { runAllowedBacktest, type AllowedBacktestOutcome } from '../backtest/allowed-backtest';
import { BACKTEST_DEFAULT_LIMIT, BACKTEST_WINDOWS, type BacktestWindow } from '../backtest/backtest-rule';
import { readStoredMessages } from '../backtest/stored-messages';
import type { Services } from '../services';
import { proposePhrase } from './propose-phrase';
import { createReviewQueueStore } from './review-queue-store';
import { findRefusedMessage, wordHitOf, type RefusedMessage } from './refused-message';

export type PhraseScope = 'room' | 'global';

export interface AllowProposal {
  message: RefusedMessage;
  term: string;
  span: [number, number];
  phrase: string;
  scope: PhraseScope;
  backtest: AllowedBacktestOutcome & { window: BacktestWindow; since: number; until: number; truncated: boolean };
}

type Deps = Pick<Services, 'db' | 'redis' | 'clickhouse' | 'config' | 'rules' | 'review'>;

const storeOf = (services: Deps) => createReviewQueueStore(services.redis, services.config.REDIS_PREFIX);

/** The word rules in force (the latest committed version), as the nodes have them. */
async function wordRulesInForce(services: Deps) {
  const latest = await services.db.rulesVersion.findFirst({ orderBy: { version: 'desc' }, select: { snapshot: true } });
  const parsed = latest ? rulesSnapshot.safeParse(latest.snapshot) : null;
  return parsed?.success ? { words: parsed.data.rules.words, allowed: parsed.data.rules.allowed } : { words: [], allowed: [] };
}

/**
 * "Allow this", step 1 (nothing saved): the phrase around the matched span (or the operator's own), and what else
 * it would let through — the window's stored messages of the room (every room for a global phrase) replayed through
 * the word rules in force with and without it.
 */
export async function proposeAllowed(
  services: Deps,
  q: { room: string; id: string; phrase?: string; scope: PhraseScope; window: BacktestWindow },
): Promise<AllowProposal> {
  const message = await findRefusedMessage({ store: storeOf(services), clickhouse: services.clickhouse }, q.room, q.id);
  const hit = wordHitOf(message);
  const phrase = q.phrase ?? proposePhrase(message.text, hit.span);
  const until = Date.now();
  const since = until - BACKTEST_WINDOWS[q.window];
  let stored;
  try {
    stored = await readStoredMessages(services.clickhouse, { room: q.scope === 'room' ? q.room : null, since, until, limit: BACKTEST_DEFAULT_LIMIT });
  } catch (err) {
    throw new AppError('DEPENDENCY_UNAVAILABLE', 'ClickHouse did not answer the backtest query', [], { cause: err });
  }
  const rules = await wordRulesInForce(services);
  const outcome = runAllowedBacktest(rules, { phrase, roomId: q.scope === 'room' ? q.room : null }, stored.messages);
  return { message, term: hit.term, span: hit.span, phrase, scope: q.scope, backtest: { ...outcome, window: q.window, since, until, truncated: stored.truncated } };
}

export interface AllowOutcome {
  phraseId: string;
  regressionCaseId: string;
  rulesVersion: number;
  published: boolean;
  /** the message was held and is now delivered */
  approved: boolean;
}

/**
 * "Allow this", step 2: one rules version that adds the allowed phrase and stores the message as a regression case
 * (the rules-service check refuses the change if the phrase does not let the message through: a new case must pass);
 * a message still held is then approved. One service function, one transaction (the audit row's place).
 */
export async function allowThis(
  services: Deps,
  input: { room: string; id: string; phrase: string; scope: PhraseScope; by: string; force?: boolean; audit?: Audit },
): Promise<AllowOutcome> {
  const message = await findRefusedMessage({ store: storeOf(services), clickhouse: services.clickhouse }, input.room, input.id);
  const roomId = input.scope === 'room' ? input.room : null;
  const change = await services.rules.change(
    `allow "${input.phrase}" (${input.scope === 'room' ? `room ${input.room}` : 'every room'}), false positive ${input.id}, by ${input.by}`,
    async (tx) => {
      if (roomId !== null && !(await tx.room.findUnique({ where: { id: roomId } }))) {
        throw new AppError('NOT_FOUND', `room ${roomId} does not exist`, [{ field: 'room', message: 'unknown room' }]);
      }
      const phrase = await tx.allowedPhrase.create({ data: { phrase: input.phrase, roomId } });
      const regressionCase = await tx.regressionCase.create({
        data: { messageId: message.id, roomId: message.room, userId: message.userId, roles: message.roles, text: message.text, allowedPhraseId: phrase.id, createdBy: input.by },
      });
      await input.audit?.(tx, { target: `allowed:${phrase.id}`, room: roomId, after: { phrase, regressionCase: regressionCase.id, falsePositive: message.id } });
      return { phraseId: phrase.id, regressionCaseId: regressionCase.id };
    },
    { force: input.force ?? false },
  );
  let approved = false;
  if (message.held) {
    try {
      await services.review.decide({ id: message.id, room: message.room, decision: 'approved', by: input.by, ...(input.audit ? { audit: input.audit } : {}) });
      approved = true;
    } catch (err) {
      // Decided meanwhile (another moderator, the expiry): the phrase and the case stand.
      if (!(AppError.is(err) && err.code === 'ALREADY_DECIDED')) throw err;
    }
  }
  return { ...change.result, rulesVersion: change.version, published: change.published, approved };
}
