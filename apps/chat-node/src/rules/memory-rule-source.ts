import type { RuleSource, RuleSourceListener } from './rule-source';

/** An in-process RuleSource for unit tests of the sync logic; production uses RedisRuleSource. */
export class MemoryRuleSource implements RuleSource {
  snapshot: string | null = null;
  fetches = 0;
  private listener: RuleSourceListener | null = null;

  async fetch(): Promise<string | null> {
    this.fetches += 1;
    return this.snapshot;
  }

  async watch(listener: RuleSourceListener): Promise<void> {
    this.listener = listener;
  }

  async unwatch(): Promise<void> {
    this.listener = null;
  }

  republishRequests = 0;
  async requestRepublish(): Promise<void> {
    this.republishRequests += 1;
  }

  publish(snapshot: string, version: number | null): void {
    this.snapshot = snapshot;
    this.listener?.announced(version);
  }

  reconnect(): void {
    this.listener?.reconnected();
  }
}
