import type { SpamRule } from '@tribune/contracts';
import { round2, type FloodResult, type FloodStoreKind } from './flood-query';
import { bigrams, dice } from './similarity';

/**
 * From a store's raw counts to a result. Every store (memory, Redis) keeps its counters its own way and ends
 * here, so both decide and explain a hit in exactly the same terms.
 */

type Rule<K extends SpamRule['kind']> = Extract<SpamRule, { kind: K }>;

/** `tokens`: what the user's bucket held when the message arrived (refill included); a hit below one token. */
export function rateResult(rule: Rule<'rate'>, tokensBefore: number, store: FloodStoreKind): FloodResult {
  return {
    hit: tokensBefore < 1,
    counter: { name: 'tokens', value: round2(tokensBefore), limit: rule.burst, windowSeconds: rule.perSeconds, scope: 'user', store },
  };
}

/** `seconds_since_last`: since the user's last message that passed slow mode (null: none in memory). */
export function slowModeResult(rule: Rule<'slow_mode'>, ts: number, lastPassed: number | null, store: FloodStoreKind): FloodResult {
  const since = lastPassed === null ? null : Math.max(0, ts - lastPassed) / 1000;
  return {
    hit: since !== null && since < rule.seconds,
    counter: { name: 'seconds_since_last', value: since === null ? rule.seconds : round2(since), limit: rule.seconds, windowSeconds: rule.seconds, scope: 'user', store },
  };
}

export interface RecentText {
  ts: number;
  key: string;
  /** Computed on first use and kept by the memory store. */
  bigrams?: Set<string>;
}

/** `copies`: the user's earlier messages in the window that are the same or a near copy (Dice ≥ similarity). */
export function duplicateResult(rule: Rule<'duplicate'>, key: string, ts: number, recent: readonly RecentText[], store: FloodStoreKind): FloodResult {
  let copies = 0;
  if (key.length > 0 && key.length >= rule.minLength) {
    const since = ts - rule.windowSeconds * 1000;
    let grams: Set<string> | undefined;
    for (const r of recent) {
      if (r.ts < since) continue;
      if (r.key === key) copies++;
      else if (rule.similarity < 1 && dice((r.bigrams ??= bigrams(r.key)), (grams ??= bigrams(key))) >= rule.similarity) copies++;
    }
  }
  return { hit: copies > 0, counter: { name: 'copies', value: copies, limit: 1, windowSeconds: rule.windowSeconds, scope: 'user', store } };
}

/** `users`: distinct users of the room who sent this text within the window, the sender included. */
export function raidResult(rule: Rule<'raid'>, users: number, store: FloodStoreKind): FloodResult {
  return { hit: users >= rule.minUsers, counter: { name: 'users', value: users, limit: rule.minUsers, windowSeconds: rule.windowSeconds, scope: 'room', store } };
}
