import { rulesSnapshot, type PublishedRoom, type RuleSet } from '@tribune/contracts';
import { DEFAULT_EXEMPT_ROLES, defaultSpamPolicy } from '@tribune/moderation';

/** The rule set a node enforces right now. Replaced as a whole, never mutated. */
export interface ActiveRules<C> {
  version: number;
  publishedAt: number | null;
  compiled: C;
  /** The published rooms (status and modes) by id, or null when the rule set carries no room list (any room may be joined). */
  rooms: ReadonlyMap<string, PublishedRoom> | null;
}

/** Whether a join to `room` is allowed under the rules in force. */
export type RoomAdmission = 'ok' | 'unknown' | 'archived';

export function admitRoom(active: ActiveRules<unknown> | null, room: string): RoomAdmission {
  const rooms = active?.rooms;
  if (!rooms) return 'ok';
  const published = rooms.get(room);
  if (published === undefined) return 'unknown';
  return published.status === 'archived' ? 'archived' : 'ok';
}

export type ApplyOutcome =
  | { kind: 'applied'; version: number; previous: number | null }
  | { kind: 'unchanged'; version: number }
  | { kind: 'stale'; version: number; current: number }
  | { kind: 'absent'; current: number }
  | { kind: 'invalid'; reason: string; issues?: unknown };

/** Anything that turns a validated rule set into its compiled form or throws (RulesError). */
export type RulesCompiler<C> = (rules: RuleSet) => C;

/**
 * Holds the active compiled rules and swaps them atomically: readers take `current()` once per
 * message, so a message is judged entirely by one version. A snapshot that does not parse,
 * validate or compile is refused and the last good rules stay in force.
 */
export class LiveRules<C> {
  private active: ActiveRules<C> | null = null;
  private readonly swapListeners: ((previous: ActiveRules<C> | null, next: ActiveRules<C>) => void)[] = [];

  constructor(private readonly compile: RulesCompiler<C>) {}

  /** Told after every swap to a new version (the node announces mode changes to the rooms' viewers). */
  onSwap(listener: (previous: ActiveRules<C> | null, next: ActiveRules<C>) => void): void {
    this.swapListeners.push(listener);
  }

  current(): ActiveRules<C> | null {
    return this.active;
  }

  get version(): number {
    return this.active?.version ?? 0;
  }

  /**
   * With no snapshot published yet, a node enforces version 0: no words, the default spam policy. Only an
   * absent snapshot does this: an invalid one leaves the node without rules (and unready).
   */
  private useEmpty(): void {
    // No words, but the default spam policy: a node that never heard from a console still stops floods.
    this.active = { version: 0, publishedAt: null, compiled: this.compile({ words: [], allowed: [], spam: defaultSpamPolicy(), exemptRoles: [...DEFAULT_EXEMPT_ROLES] }), rooms: null };
  }

  apply(raw: string | null): ApplyOutcome {
    if (raw === null) {
      if (!this.active) this.useEmpty();
      return { kind: 'absent', current: this.version };
    }
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return { kind: 'invalid', reason: 'snapshot is not valid JSON' };
    }
    const parsed = rulesSnapshot.safeParse(json);
    if (!parsed.success) return { kind: 'invalid', reason: 'snapshot does not match the rulesSnapshot schema', issues: parsed.error.issues };
    const snapshot = parsed.data;
    if (this.active && snapshot.version === this.active.version) return { kind: 'unchanged', version: snapshot.version };
    // Versions only grow; an older snapshot is a late read racing a newer one.
    if (this.active && snapshot.version < this.active.version) return { kind: 'stale', version: snapshot.version, current: this.active.version };
    let compiled: C;
    try {
      compiled = this.compile(snapshot.rules);
    } catch (err) {
      const issues = err && typeof err === 'object' && 'issues' in err ? (err as { issues: unknown }).issues : undefined;
      return { kind: 'invalid', reason: err instanceof Error ? err.message : String(err), issues };
    }
    const previous = this.active?.version ?? null;
    const rooms = snapshot.rules.rooms ? new Map(snapshot.rules.rooms.map((r) => [r.id, r] as const)) : null;
    const before = this.active;
    this.active = { version: snapshot.version, publishedAt: snapshot.publishedAt, compiled, rooms };
    for (const listener of this.swapListeners) listener(before, this.active);
    return { kind: 'applied', version: snapshot.version, previous };
  }
}
