/** A token bucket: `burst` tokens, refilled at `perSecond`. */
export class TokenBucket {
  private tokens: number;
  private last: number;

  constructor(
    private readonly burst: number,
    private readonly perSecond: number,
    now = Date.now(),
  ) {
    this.tokens = burst;
    this.last = now;
  }

  take(now = Date.now()): boolean {
    this.tokens = Math.min(this.burst, this.tokens + ((now - this.last) / 1000) * this.perSecond);
    this.last = now;
    if (this.tokens < 1) return false;
    this.tokens -= 1;
    return true;
  }
}

export interface FrameBudgetLimits {
  /** Every frame (any kind, valid or not): sustained rate and burst. */
  framesPerSecond: number;
  framesBurst: number;
  /** join/leave: each one costs the node a Redis subscription or presence write. */
  joinsPerSecond: number;
  joinsBurst: number;
  /** Frames that fail to decode: a well-behaved client sends almost none. */
  invalidPerMinute: number;
  invalidBurst: number;
}

export const DEFAULT_FRAME_BUDGET: FrameBudgetLimits = {
  framesPerSecond: 50,
  framesBurst: 200,
  joinsPerSecond: 2,
  joinsBurst: 30,
  invalidPerMinute: 6,
  invalidBurst: 20,
};

/** What the gateway does with one incoming frame. */
export type BudgetVerdict = 'ok' | 'refuse' | 'close';

/**
 * What one connection — a guest too — may send, beyond sends (which have their own pending cap): frames of any kind,
 * joins and leaves, invalid frames, each a token bucket. Over budget a frame is refused with `rate_limited` (the
 * error itself at most once a second, so refusals cannot amplify a flood); a connection that keeps going at twice
 * its frame budget, or runs out of invalid-frame budget, is closed with 4029 RATE_LIMITED.
 */
export class FrameBudget {
  private readonly frames: TokenBucket;
  private readonly hardFrames: TokenBucket;
  private readonly joins: TokenBucket;
  private readonly invalid: TokenBucket;
  private lastRefusalNotice = 0;

  constructor(limits: FrameBudgetLimits = DEFAULT_FRAME_BUDGET, now = Date.now()) {
    this.frames = new TokenBucket(limits.framesBurst, limits.framesPerSecond, now);
    this.hardFrames = new TokenBucket(limits.framesBurst * 2, limits.framesPerSecond * 2, now);
    this.joins = new TokenBucket(limits.joinsBurst, limits.joinsPerSecond, now);
    this.invalid = new TokenBucket(limits.invalidBurst, limits.invalidPerMinute / 60, now);
  }

  /** Charges one frame as it arrives, before it is decoded (so a flood costs no parsing). */
  chargeFrame(now = Date.now()): BudgetVerdict {
    if (!this.hardFrames.take(now)) return 'close';
    return this.frames.take(now) ? 'ok' : 'refuse';
  }

  /** Charges a decoded frame by kind: the frame type, or `invalid` for one that did not decode. */
  chargeKind(kind: string, now = Date.now()): BudgetVerdict {
    if (kind === 'invalid') return this.invalid.take(now) ? 'ok' : 'close';
    if (kind === 'join' || kind === 'leave') return this.joins.take(now) ? 'ok' : 'refuse';
    return 'ok';
  }

  /** Whether to tell the client about a refusal now (at most once a second). */
  shouldNotify(now = Date.now()): boolean {
    if (now - this.lastRefusalNotice < 1000) return false;
    this.lastRefusalNotice = now;
    return true;
  }
}
