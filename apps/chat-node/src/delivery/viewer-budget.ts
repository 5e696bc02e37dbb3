/**
 * How many messages each viewer of a room may be given at a flush, so that no viewer receives
 * more than `ratePerSecond` on average: a token bucket per room (every viewer of the room on this
 * node shares the flush, so one bucket serves them all), refilled continuously, holding at most
 * one second's worth — a quiet room's first messages are never sampled.
 */
export class ViewerBudget {
  private tokens: number;
  private at: number;

  constructor(
    private readonly ratePerSecond: number,
    now: number,
  ) {
    this.tokens = ratePerSecond;
    this.at = now;
  }

  /** The budget for a flush of `count` messages at `now`; spends what the flush uses. */
  take(count: number, now: number): number {
    this.tokens = Math.min(this.ratePerSecond, this.tokens + ((now - this.at) * this.ratePerSecond) / 1000);
    this.at = now;
    const budget = Math.min(count, Math.floor(this.tokens));
    this.tokens -= budget;
    return budget;
  }
}
