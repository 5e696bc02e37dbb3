/** Where published rule snapshots come from, and how a node hears that a new one exists. */
export interface RuleSource {
  /** The current snapshot as published (raw JSON), or null when none was published yet. */
  fetch(): Promise<string | null>;
  /**
   * Starts listening. `announced` gets the announced version (null when the announcement itself
   * was unreadable: resync anyway); `reconnected` fires after a connection drop, when
   * announcements may have been missed.
   */
  watch(listener: RuleSourceListener): Promise<void>;
  unwatch(): Promise<void>;
  /** Asks whoever publishes the rules (the console) to publish the current snapshot now. */
  requestRepublish(): Promise<void>;
}

export interface RuleSourceListener {
  announced(version: number | null): void;
  reconnected(): void;
}
