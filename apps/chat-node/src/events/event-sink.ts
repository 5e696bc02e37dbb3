import type { ModerationEvent } from '@tribune/contracts';
import type { EventBatch } from './build-events';

/** Where a node records every message and decision, durably, before telling the sender anything. */
export interface EventSink {
  /** Resolves once the whole batch is durably accepted; rejects with UnavailableError otherwise. */
  record(batch: EventBatch): Promise<void>;
  /** Decisions that are about no new message (a moderator's `mod` frame), on the same terms as `record`. */
  recordModeration(events: ModerationEvent[]): Promise<void>;
  /** True while the sink can accept events (part of /readyz). */
  healthy(): boolean;
  /** Flushes what is buffered and disconnects. */
  close(): Promise<void>;
}
