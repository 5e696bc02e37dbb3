import { jwtExpiryMs } from './jwt-expiry.js';

/** A viewer token (or null: a read-only guest), or a callback that fetches one from the site's backend. */
export type TokenProvider = string | null | (() => string | null | Promise<string | null>);

export interface TokenSourceOptions {
  /** Fetch a new token this long before the current one's `exp` (at most half its lifetime). */
  refreshMarginMs: number;
  now: () => number;
  /** A background refresh failed; the next connect attempt asks again. */
  onRefreshError: (err: unknown) => void;
}

/** setTimeout's delay is a 32-bit signed int of ms; longer ones fire at once. */
const MAX_TIMER_MS = 2 ** 31 - 1;

/**
 * Holds the token a connection is opened with. A node checks the token only when a connection opens,
 * so the token must be valid at each (re)connect: a callback's token is fetched again `refreshMarginMs`
 * before its `exp` (read from the payload, unverified) in the background, and again at a connect that
 * finds it (nearly) expired or after the node refused it.
 */
export class TokenSource {
  private token: string | null = null;
  private expiresAt: number | undefined;
  private fetched = false;
  private inflight: Promise<string | null> | null = null;
  private timer: ReturnType<typeof setTimeout> | null = null;

  constructor(
    private readonly provider: TokenProvider,
    private readonly options: TokenSourceOptions,
  ) {
    if (typeof provider !== 'function') this.store(provider ?? null);
  }

  /** True when a refused token can be replaced (a callback), false for a fixed token. */
  get refreshable(): boolean {
    return typeof this.provider === 'function';
  }

  /** The token to connect with now: the cached one while it is fresh, else a new one from the callback. */
  current(): Promise<string | null> {
    if (typeof this.provider !== 'function') return Promise.resolve(this.token);
    if (this.fetched && !this.stale()) return Promise.resolve(this.token);
    return this.refresh();
  }

  /** The node refused the token: the next `current()` asks the callback. */
  invalidate(): void {
    if (typeof this.provider === 'function') this.fetched = false;
  }

  /** Fetches a new token from the callback (shared by concurrent callers). */
  refresh(): Promise<string | null> {
    const provider = this.provider;
    if (typeof provider !== 'function') return Promise.resolve(this.token);
    if (this.inflight) return this.inflight;
    const fetching = (async () => {
      const token = await provider();
      if (token !== null && (typeof token !== 'string' || token === '')) throw new TypeError('the token callback must return a non-empty string or null');
      this.store(token);
      this.schedule();
      return token;
    })();
    // Cleared once settled (after the assignment: a callback that throws at once settles before it).
    this.inflight = fetching;
    fetching.then(
      () => this.clearInflight(fetching),
      () => this.clearInflight(fetching),
    );
    return this.inflight;
  }

  private clearInflight(settled: Promise<string | null>): void {
    if (this.inflight === settled) this.inflight = null;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  private store(token: string | null): void {
    this.token = token;
    this.expiresAt = token ? jwtExpiryMs(token) : undefined;
    this.fetched = true;
  }

  private margin(): number {
    if (this.expiresAt === undefined) return 0;
    return Math.min(this.options.refreshMarginMs, Math.max(0, (this.expiresAt - this.options.now()) / 2));
  }

  private stale(): boolean {
    return this.expiresAt !== undefined && this.options.now() >= this.expiresAt - this.margin();
  }

  private schedule(): void {
    this.stop();
    if (this.expiresAt === undefined) return;
    const delay = Math.min(MAX_TIMER_MS, Math.max(0, this.expiresAt - this.margin() - this.options.now()));
    this.timer = setTimeout(() => {
      this.timer = null;
      this.refresh().catch((err: unknown) => this.options.onRefreshError(err));
    }, delay);
  }
}
