/** Per-node memory the spam rules keep between messages (filled in by the spam engine). */
export interface SpamStateOptions {
  /** Most users tracked at once; the least recently seen are forgotten first. */
  maxUsers?: number;
}

export interface SpamState {
  readonly maxUsers: number;
}

export function createSpamState(options: SpamStateOptions = {}): SpamState {
  return { maxUsers: options.maxUsers ?? 100_000 };
}
