export interface BackoffOptions {
  /** The first ceiling, ms (attempt 0 waits a random 0…baseMs). */
  baseMs: number;
  /** The ceiling never grows past this, ms. */
  maxMs: number;
}

export const DEFAULT_BACKOFF: BackoffOptions = { baseMs: 250, maxMs: 15_000 };

/**
 * Exponential backoff with full jitter (AWS Architecture Blog, "Exponential Backoff And Jitter"):
 * a delay drawn uniformly in [0, min(max, base·2^attempt)). Full jitter spreads a whole room of
 * viewers that lost the same node over the window, instead of sending them back together.
 */
export function backoffDelay(attempt: number, { baseMs, maxMs }: BackoffOptions, random: () => number = Math.random): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.min(attempt, 30));
  return Math.floor(random() * ceiling);
}
