import type { SpamCounter, SpamRule } from '@tribune/contracts';

/**
 * Flood rules are the spam rules that need memory of earlier messages: a user's rate and slow mode, their
 * recent texts (duplicates), and who in the room sent a text (raids). The engine asks a flood store about
 * them — node-local memory, or Redis shared by every node — and decides from the answer.
 */
export type FloodRule = Extract<SpamRule, { kind: 'rate' | 'slow_mode' | 'duplicate' | 'raid' }>;

const FLOOD_KINDS: ReadonlySet<SpamRule['kind']> = new Set(['rate', 'slow_mode', 'duplicate', 'raid']);
export const isFloodRule = (rule: SpamRule): rule is FloodRule => FLOOD_KINDS.has(rule.kind);

/** Everything a flood store needs to judge one message: the rules in force and the message's identity. */
export interface FloodQuery {
  room: string;
  userId: string;
  /** ms since epoch, the node clock: the windows and buckets run on it. */
  ts: number;
  /** The normalised text with spaces removed: what duplicates and raids compare (evasion-proof). */
  key: string;
  /** The same array for every message of a room under one rule set, so a store can batch by it. */
  rules: readonly FloodRule[];
}

/** A store's answer for one rule of a query, in the query's rule order. */
export interface FloodResult {
  hit: boolean;
  counter: SpamCounter;
}

export type FloodStoreKind = NonNullable<SpamCounter['store']>;

/** Copy-paste raids are long texts; short cheers ("gg", "골!!") from many viewers at once are normal chat. */
export const RAID_MIN_KEY_LENGTH = 12;
/** Recent texts kept per user for duplicate checks. */
export const RECENT_CAP = 8;
/** Users kept per raid text: a few more than any sensible `minUsers`. */
export const RAID_USERS_CAP = 256;

/** Two decimals: counters are for people reading analytics, not for replaying a bucket. */
export const round2 = (x: number): number => Math.round(x * 100) / 100;
