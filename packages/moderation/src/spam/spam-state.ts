import type { RecentText } from '../flood/flood-verdicts';
import { Lru } from './lru';

/** Per-node memory the flood rules keep between messages, capped in every dimension. */
export interface SpamStateOptions {
  /** Most (room, user) pairs tracked at once; the least recently seen are forgotten first. */
  maxUsers?: number;
  /** Most distinct texts tracked for copy-paste raid detection. */
  maxTexts?: number;
}

export interface UserSpamState {
  /** Token buckets by rule id. */
  buckets: Map<string, { tokens: number; at: number }>;
  /** Last message that passed slow mode, by rule id. */
  lastAccepted: Map<string, number>;
  /** Most recent messages (newest last), at most RECENT_CAP. */
  recent: RecentText[];
}

export interface RaidState {
  /** user id → ts of their latest copy, at most RAID_USERS_CAP. */
  users: Map<string, number>;
}

export interface SpamState {
  readonly users: Lru<string, UserSpamState>;
  readonly texts: Lru<string, RaidState>;
}

export function createSpamState(options: SpamStateOptions = {}): SpamState {
  return {
    users: new Lru(options.maxUsers ?? 100_000),
    texts: new Lru(options.maxTexts ?? 20_000),
  };
}
