import type { Logger } from '@tribune/service-kit';
import type { ChatMetrics } from '../metrics';
import type { LiveRules } from './live-rules';
import type { RuleSource } from './rule-source';

export type ReloadTrigger = 'start' | 'announcement' | 'reconnect' | 'poll';

export interface RulesSyncDeps<C> {
  source: RuleSource;
  live: LiveRules<C>;
  pollMs: number;
  logger: Logger;
  metrics: Pick<ChatMetrics, 'rulesVersion' | 'rulesInvalid' | 'rulesReloads' | 'rulesStale'>;
  /** Called after a new version is in force (the node re-announces itself so the console sees it at once). */
  onApplied?: (version: number) => void;
  /**
   * With no snapshot in Redis, wait for one (unready, asking the console to republish) instead of enforcing the
   * empty set. True in production: an absent key usually means Redis lost its data, not that there are no rules.
   * False only for a node run without a console (`RULES_REQUIRE_SNAPSHOT=0`).
   */
  requireSnapshot?: boolean;
}

/** Start-up found a published snapshot it cannot apply and has no rules to fall back on. */
export class RulesNotLoadedError extends Error {
  readonly code = 'RULES_NOT_LOADED';
  constructor(message: string) {
    super(message);
    this.name = 'RulesNotLoadedError';
  }
}

/**
 * Keeps a node's rules in step with what the console published. Pub/sub is at-most-once, so
 * besides announcements it resyncs after a reconnect and on a slow poll: a missed message costs
 * at most one poll interval. Reloads run one at a time; a trigger during a reload queues one more.
 */
export class RulesSync<C> {
  private readonly log: Logger;
  private running: Promise<void> | null = null;
  private pending: Promise<void> | null = null;
  private timer: NodeJS.Timeout | null = null;
  private loaded = false;
  private watching = false;
  /** The last fetch found no snapshot key. */
  private absent = false;

  constructor(private readonly deps: RulesSyncDeps<C>) {
    this.log = deps.logger.child({ module: 'rules' });
  }

  /**
   * True once a snapshot (or, when none was ever published, the empty set) is in force: part of
   * /readyz. A published snapshot that cannot be applied never counts as "no rules".
   */
  get ready(): boolean {
    return this.loaded;
  }

  async start(): Promise<void> {
    const { source, live, pollMs } = this.deps;
    // Subscribe before the first read, so an announcement racing the read is not lost.
    if (!this.watching) {
      await source.watch({
        announced: (version) => {
          if (version === null || version > live.version) this.trigger('announcement');
        },
        reconnected: () => this.trigger('reconnect'),
      });
      this.watching = true;
    }
    await this.reload('start');
    if (!this.timer) {
      this.timer = setInterval(() => this.trigger('poll'), pollMs);
      this.timer.unref();
    }
    // The caller retries start() with backoff; until then the node stays unready and takes no traffic.
    if (!this.loaded) throw new RulesNotLoadedError(this.absent ? 'no rules snapshot is published yet: waiting for the console' : 'the published rules snapshot is invalid and no rules are loaded yet');
  }

  async stop(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running?.catch(() => undefined);
    if (this.watching) await this.deps.source.unwatch();
    this.watching = false;
  }

  trigger(trigger: ReloadTrigger): void {
    this.reload(trigger).catch((err: unknown) => this.log.error({ trigger, err }, 'rules_reload_failed'));
  }

  /**
   * Fetches and applies the snapshot. While a reload runs, further triggers collapse into one
   * follow-up run, which sees everything published before it started.
   */
  reload(trigger: ReloadTrigger): Promise<void> {
    if (this.running) {
      this.pending ??= this.running
        .catch(() => undefined)
        .then(() => {
          this.pending = null;
          return this.reload(trigger);
        });
      return this.pending;
    }
    this.running = this.runOnce(trigger).finally(() => {
      this.running = null;
    });
    return this.running;
  }

  private async runOnce(trigger: ReloadTrigger): Promise<void> {
    const { source, live, metrics } = this.deps;
    const started = performance.now();
    metrics.rulesReloads.inc({ trigger });
    const raw = await source.fetch();
    this.absent = raw === null;
    if (raw === null && this.deps.requireSnapshot !== false) {
      // Never the empty set in its place: ask the console for the current one and stay as we are (unready when
      // nothing is loaded yet, on the last good set otherwise). The console's answer arrives as an announcement.
      this.log.warn({ trigger, keeping: live.current() ? live.version : null }, live.current() ? 'rules_snapshot_absent_keeping_current' : 'rules_snapshot_absent_waiting');
      metrics.rulesStale.set(1);
      await source.requestRepublish().catch((err: unknown) => this.log.warn({ err }, 'rules_republish_request_failed'));
      return;
    }
    const outcome = live.apply(raw);
    const ms = Math.round((performance.now() - started) * 100) / 100;
    switch (outcome.kind) {
      case 'applied':
        this.log.info({ trigger, version: outcome.version, previous: outcome.previous, ms }, 'rules_applied');
        this.deps.onApplied?.(outcome.version);
        break;
      case 'absent':
        if (!this.loaded || outcome.current === 0) this.log.warn({ trigger, version: outcome.current }, 'rules_snapshot_absent_enforcing_empty_set');
        else this.log.warn({ trigger, version: outcome.current }, 'rules_snapshot_absent_keeping_current');
        break;
      case 'invalid':
        metrics.rulesInvalid.inc();
        // Never fall back to the empty set here: that would let every banned word through while
        // /readyz says the node is fine. With nothing loaded the node stays unready until a
        // valid snapshot (or none at all) is published.
        this.log.error(
          { trigger, reason: outcome.reason, issues: outcome.issues, keeping: live.current() ? live.version : null },
          live.current() ? 'rules_snapshot_invalid' : 'rules_snapshot_invalid_no_rules_loaded',
        );
        break;
      case 'stale':
        this.log.warn({ trigger, version: outcome.version, current: outcome.current }, 'rules_snapshot_stale');
        break;
      case 'unchanged':
        this.log.debug({ trigger, version: outcome.version }, 'rules_unchanged');
        break;
    }
    this.loaded = live.current() !== null;
    metrics.rulesVersion.set(live.version);
    // A racing older read ('stale') says nothing about the published snapshot: leave the gauge.
    if (outcome.kind === 'invalid') metrics.rulesStale.set(1);
    else if (outcome.kind !== 'stale') metrics.rulesStale.set(0);
  }
}
