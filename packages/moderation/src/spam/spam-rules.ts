import type { RuleHit, SpamRule } from '@tribune/contracts';
import { domainCovers, findDomains } from '../match/domains';
import { RAID_USERS_CAP, RECENT_CAP, type SpamState, type UserSpamState } from './spam-state';

/** A message as the spam rules see it. `key` is its normalised form (evasion-proof duplicates). */
export interface SpamMessage {
  text: string;
  userId: string;
  roles: readonly string[];
  room: string;
  ts: number;
  key: () => string;
}

export interface SpamHit {
  hit: RuleHit;
  timeoutSeconds?: number;
}

/** Copy-paste raids are long texts; short cheers ("gg", "골!!") from many viewers at once are normal chat. */
export const RAID_MIN_KEY_LENGTH = 12;
export const DEFAULT_TIMEOUT_SECONDS = 60;

export function runSpamRules(rules: readonly SpamRule[], msg: SpamMessage, state: SpamState): SpamHit[] {
  const hits: SpamHit[] = [];
  let user: UserSpamState | undefined;
  const userState = (): UserSpamState =>
    (user ??= state.users.getOrCreate(`${msg.room}\u0000${msg.userId}`, () => ({ buckets: new Map(), lastAccepted: new Map(), recent: [] })));
  let duplicateChecked = false;
  for (const rule of rules) {
    const span = check(rule, msg, userState, state);
    if (rule.kind === 'duplicate') duplicateChecked = true;
    if (span === false) continue;
    const hit: RuleHit = { ruleId: rule.id, kind: 'spam', term: rule.kind, action: rule.action };
    if (Array.isArray(span)) hit.span = span;
    hits.push(rule.action === 'timeout' ? { hit, timeoutSeconds: rule.timeoutSeconds ?? DEFAULT_TIMEOUT_SECONDS } : { hit });
  }
  if (duplicateChecked) remember(userState(), msg);
  return hits;
}

/** false = passes; true or a span = hit. */
function check(rule: SpamRule, msg: SpamMessage, userState: () => UserSpamState, state: SpamState): boolean | [number, number] {
  switch (rule.kind) {
    case 'rate': {
      const buckets = userState().buckets;
      const b = buckets.get(rule.id) ?? { tokens: rule.burst, at: msg.ts };
      const refill = (Math.max(0, msg.ts - b.at) / 1000) * (rule.burst / rule.perSeconds);
      b.tokens = Math.min(rule.burst, b.tokens + refill);
      b.at = msg.ts;
      buckets.set(rule.id, b);
      if (b.tokens >= 1) { b.tokens -= 1; return false; }
      return true;
    }
    case 'slow_mode': {
      const last = userState().lastAccepted.get(rule.id);
      if (last !== undefined && msg.ts - last < rule.seconds * 1000) return true;
      userState().lastAccepted.set(rule.id, msg.ts);
      return false;
    }
    case 'duplicate': {
      const key = msg.key();
      if (key.length === 0) return false;
      const since = msg.ts - rule.windowSeconds * 1000;
      const grams = bigrams(key);
      for (const r of userState().recent) {
        if (r.ts < since) continue;
        if (r.key === key || dice(r.bigrams, grams) >= rule.similarity) return true;
      }
      return false;
    }
    case 'raid': {
      const key = msg.key();
      if (key.length < RAID_MIN_KEY_LENGTH) return false;
      const raid = state.texts.getOrCreate(`${msg.room}\u0000${key}`, () => ({ users: new Map() }));
      const since = msg.ts - rule.windowSeconds * 1000;
      for (const [u, at] of raid.users) if (at < since) raid.users.delete(u);
      raid.users.delete(msg.userId);
      raid.users.set(msg.userId, msg.ts);
      if (raid.users.size > RAID_USERS_CAP) raid.users.delete(raid.users.keys().next().value as string);
      return raid.users.size >= rule.minUsers;
    }
    case 'repetition':
      return longestRepeat(msg.text, rule.maxRun);
    case 'caps': {
      let letters = 0;
      let upper = 0;
      for (const ch of msg.text) {
        const lo = ch.toLowerCase();
        const up = ch.toUpperCase();
        if (lo === up) continue;
        letters++;
        if (ch === up) upper++;
      }
      return letters >= rule.minLength && letters > 0 && upper / letters > rule.maxRatio;
    }
    case 'max_length': {
      let n = 0;
      for (const _ of msg.text) n++;
      return n > rule.maxChars;
    }
    case 'links': {
      const found = findDomains(msg.text);
      for (const d of found) {
        const listed = rule.domains.some((x) => domainCovers(x.toLowerCase(), d.domain));
        if (rule.mode === 'deny_all' || (rule.mode === 'allow_list' && !listed) || (rule.mode === 'deny_list' && listed)) return d.span;
      }
      return false;
    }
    case 'roles': {
      if (rule.exemptRoles.some((r) => msg.roles.includes(r))) return false;
      return rule.requireAnyRole.length > 0 && !rule.requireAnyRole.some((r) => msg.roles.includes(r));
    }
  }
}

function remember(user: UserSpamState, msg: SpamMessage): void {
  const key = msg.key();
  if (key.length === 0) return;
  user.recent.push({ ts: msg.ts, key, bigrams: bigrams(key) });
  if (user.recent.length > RECENT_CAP) user.recent.shift();
}

function bigrams(s: string): Set<string> {
  const out = new Set<string>();
  for (let i = 0; i + 1 < s.length && out.size < 512; i++) out.add(s.slice(i, i + 2));
  if (s.length === 1) out.add(s);
  return out;
}

/** Sørensen–Dice over character bigrams: 1 = same bigrams. */
function dice(a: Set<string>, b: Set<string>): number {
  if (a.size === 0 || b.size === 0) return 0;
  let common = 0;
  for (const g of a) if (b.has(g)) common++;
  return (2 * common) / (a.size + b.size);
}

/**
 * A wall: the same unit of 1–4 code points repeated more than `maxRun` times in a row
 * (aaaa, 😂😂😂, ㅋㅋㅋ, "lol lol lol" counts per unit). Returns the span of the first wall.
 */
function longestRepeat(text: string, maxRun: number): false | [number, number] {
  const cps: number[] = [];
  const at: number[] = [];
  for (let i = 0; i < text.length; i++) {
    const cp = text.codePointAt(i)!;
    cps.push(cp);
    at.push(i);
    if (cp > 0xffff) i++;
  }
  at.push(text.length);
  for (let p = 1; p <= 4; p++) {
    let same = 0;
    for (let i = p; i < cps.length; i++) {
      if (cps[i] === cps[i - p] && cps[i] !== 0x20) {
        same++;
        const units = Math.floor(same / p) + 1;
        if (units > maxRun) {
          const start = i - same - p + 1;
          let last = i;
          while (last + 1 < cps.length && cps[last + 1] === cps[last + 1 - p]) last++;
          // Whole units only: a trailing partial unit is not part of the wall.
          last -= (last - start + 1) % p;
          return [at[start]!, at[last + 1]!];
        }
      } else same = 0;
    }
  }
  return false;
}
