import type { RuleHit, RuleSetInput } from '@tribune/contracts';
import { compile, createSpamState, evaluate } from '@tribune/moderation';
import type { StoredMessage } from './stored-messages';

/** The id the proposed rule carries in a backtest's rule set. */
export const PROPOSED_RULE_ID = 'proposed';

/** One message the proposed rule would have hit. */
export interface BacktestExample {
  id: string;
  ts: number;
  room: string;
  userId: string;
  text: string;
  /** what the proposed rule would have done */
  action: string;
  /** [start, end) in the text, where the rule has a place in it (words, links, repetition) */
  span: [number, number] | null;
  normalized: string | null;
  counter: NonNullable<RuleHit['counter']> | null;
  /** the status the message got when it was sent */
  status: string;
}

export interface BacktestOutcome {
  /** messages replayed */
  scanned: number;
  /** messages the proposed rule hit */
  hits: number;
  /** hits whose action keeps the message from the room (block, hold, shadow, reject, timeout) */
  refused: number;
  /** hits delivered masked */
  masked: number;
  /** hits on messages that were delivered as written at the time (status `accepted`): what the rule adds */
  newlyCaught: number;
  byAction: Record<string, number>;
  /** the first `exampleLimit` hits, oldest first */
  examples: BacktestExample[];
}

/**
 * Replays stored messages, oldest first, through the real engine (`compile` + `evaluate`) with a rule set that holds
 * the proposed rule (id {@link PROPOSED_RULE_ID}) and what it depends on (allowed phrases, exempt roles), and counts
 * what that rule would have done. The flood rules (rate, slow mode, duplicate, raid) remember earlier messages: the
 * replay keeps their state in the engine's memory store (`createSpamState`), in `ts` order, so a rate or duplicate
 * rule is judged as a node would have judged that stream — starting with empty counters at the first message read.
 */
export function runBacktest(rules: RuleSetInput, messages: readonly StoredMessage[], exampleLimit = 20): BacktestOutcome {
  const compiled = compile(rules);
  const state = createSpamState();
  const outcome: BacktestOutcome = { scanned: 0, hits: 0, refused: 0, masked: 0, newlyCaught: 0, byAction: {}, examples: [] };
  for (const m of messages) {
    outcome.scanned++;
    const decision = evaluate({ text: m.text, userId: m.userId, roles: m.roles, room: m.room, ts: m.ts }, { state }, compiled);
    const hit = decision.hits.find((h) => h.ruleId === PROPOSED_RULE_ID);
    if (!hit) continue;
    outcome.hits++;
    outcome.byAction[hit.action] = (outcome.byAction[hit.action] ?? 0) + 1;
    if (hit.action === 'mask') outcome.masked++;
    else outcome.refused++;
    if (m.status === 'accepted') outcome.newlyCaught++;
    if (outcome.examples.length < exampleLimit) {
      outcome.examples.push({
        id: m.id,
        ts: m.ts,
        room: m.room,
        userId: m.userId,
        text: m.text,
        action: hit.action,
        span: hit.span ?? null,
        normalized: hit.normalized ?? null,
        counter: hit.counter ?? null,
        status: m.status,
      });
    }
  }
  return outcome;
}
