import type { FloodQuery, FloodResult } from '@tribune/moderation';
import type { Logger } from '@tribune/service-kit';
import type { ChatMetrics } from '../metrics';
import type { FloodStore } from './flood-store';
import type { MemoryFloodStore } from './memory-flood-store';

export interface ResilientFloodStoreDeps {
  shared: FloodStore;
  local: MemoryFloodStore;
  /** False while the shared store's connection is down: answer locally at once rather than queue. */
  sharedConnected: () => boolean;
  /** After a failure, how long to answer locally before trying the shared store again. */
  retryMs: number;
  logger: Logger;
  metrics: Pick<ChatMetrics, 'floodChecks' | 'floodStoreLocal' | 'floodStoreErrors'>;
  now?: () => number;
}

/**
 * Flood state shared by every node (Redis) with this node's memory as the fallback: while Redis is
 * unreachable the flood rules still hold — per node — and the node says so (`tribune_chat_node_flood_store_local` 1,
 * a warning log, the `/readyz` detail, `store: "local"` on every counter it records). Never fails open.
 */
export class ResilientFloodStore implements FloodStore {
  private localSince: number | null = null;
  private lastError = '';
  private retryAt = 0;
  private readonly log: Logger;
  private readonly now: () => number;

  constructor(private readonly deps: ResilientFloodStoreDeps) {
    this.log = deps.logger.child({ module: 'flood' });
    this.now = deps.now ?? Date.now;
    deps.metrics.floodStoreLocal.set(0);
  }

  /** `redis`, or why and since when the counters are node-local. */
  describe(): string {
    if (this.localSince === null) return this.deps.sharedConnected() ? 'redis' : 'node-local (redis not connected)';
    return `node-local since ${new Date(this.localSince).toISOString()} (${this.lastError})`;
  }

  get local(): boolean {
    return this.localSince !== null;
  }

  async answer(query: FloodQuery): Promise<FloodResult[]> {
    if (this.tryShared()) {
      try {
        const results = await this.deps.shared.answer(query);
        this.recovered();
        this.deps.metrics.floodChecks.inc({ store: 'redis' });
        return results;
      } catch (err) {
        this.failed(err instanceof Error ? err.message : String(err));
      }
    } else if (this.localSince === null) {
      this.failed('redis not connected');
    }
    this.deps.metrics.floodChecks.inc({ store: 'local' });
    return this.deps.local.answerNow(query);
  }

  private tryShared(): boolean {
    if (!this.deps.sharedConnected()) return false;
    if (this.localSince === null) return true;
    // Local: one turn's batch probes Redis per retry interval; the others answer locally meanwhile.
    const now = this.now();
    if (now < this.retryAt) return false;
    this.retryAt = now + this.deps.retryMs;
    return true;
  }

  private failed(reason: string): void {
    this.deps.metrics.floodStoreErrors.inc();
    this.retryAt = this.now() + this.deps.retryMs;
    if (this.localSince !== null) return;
    this.localSince = this.now();
    this.lastError = reason;
    this.deps.metrics.floodStoreLocal.set(1);
    this.log.warn({ reason }, 'flood_state_local_fallback');
  }

  private recovered(): void {
    if (this.localSince === null) return;
    this.log.info({ localForMs: this.now() - this.localSince }, 'flood_state_shared_again');
    this.localSince = null;
    this.lastError = '';
    this.deps.metrics.floodStoreLocal.set(0);
  }
}
