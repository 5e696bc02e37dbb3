import type { SpamState, UserSpamState } from '../spam/spam-state';
import { RAID_MIN_KEY_LENGTH, RAID_USERS_CAP, RECENT_CAP, type FloodQuery, type FloodResult, type FloodStoreKind } from './flood-query';
import { duplicateResult, raidResult, rateResult, slowModeResult } from './flood-verdicts';

/**
 * Answers a flood query from one process's memory: what `evaluate()` uses, and what a chat node falls back
 * to while Redis is unreachable. Same counters and the same semantics as the Redis store (flood.lua).
 */
export function answerFromMemory(query: FloodQuery, state: SpamState, store: FloodStoreKind = 'local'): FloodResult[] {
  const { room, userId, ts, key } = query;
  let user: UserSpamState | undefined;
  const userState = (): UserSpamState =>
    (user ??= state.users.getOrCreate(`${room}\u0000${userId}`, () => ({ buckets: new Map(), lastAccepted: new Map(), recent: [] })));
  let rememberText = false;
  let raidCounts: ((since: number) => number) | undefined;
  const results = query.rules.map((rule): FloodResult => {
    switch (rule.kind) {
      case 'rate': {
        const buckets = userState().buckets;
        const b = buckets.get(rule.id) ?? { tokens: rule.burst, at: ts };
        const refill = (Math.max(0, ts - b.at) / 1000) * (rule.burst / rule.perSeconds);
        b.tokens = Math.min(rule.burst, b.tokens + refill);
        b.at = Math.max(b.at, ts);
        buckets.set(rule.id, b);
        const result = rateResult(rule, b.tokens, store);
        if (!result.hit) b.tokens -= 1;
        return result;
      }
      case 'slow_mode': {
        const result = slowModeResult(rule, ts, userState().lastAccepted.get(rule.id) ?? null, store);
        if (!result.hit) userState().lastAccepted.set(rule.id, ts);
        return result;
      }
      case 'duplicate':
        rememberText = true;
        return duplicateResult(rule, key, ts, userState().recent, store);
      case 'raid': {
        if (key.length < RAID_MIN_KEY_LENGTH) return raidResult(rule, 0, store);
        raidCounts ??= recordRaidCopy(query, state);
        return raidResult(rule, raidCounts(ts - rule.windowSeconds * 1000), store);
      }
    }
  });
  if (rememberText && key.length > 0) {
    const recent = userState().recent;
    recent.push({ ts, key });
    if (recent.length > RECENT_CAP) recent.shift();
  }
  return results;
}

/** Records the sender's copy of the text, forgets copies older than every raid window; counts per window. */
function recordRaidCopy(query: FloodQuery, state: SpamState): (since: number) => number {
  const raid = state.texts.getOrCreate(`${query.room}\u0000${query.key}`, () => ({ users: new Map<string, number>() }));
  let longest = 0;
  for (const r of query.rules) if (r.kind === 'raid') longest = Math.max(longest, r.windowSeconds);
  const oldest = query.ts - longest * 1000;
  for (const [u, at] of raid.users) if (at < oldest) raid.users.delete(u);
  raid.users.delete(query.userId);
  raid.users.set(query.userId, query.ts);
  if (raid.users.size > RAID_USERS_CAP) raid.users.delete(raid.users.keys().next().value as string);
  return (since) => {
    let n = 0;
    for (const at of raid.users.values()) if (at >= since) n++;
    return n;
  };
}
