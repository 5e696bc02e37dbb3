import type { ModerationEvent } from '@tribune/contracts';
import { UnavailableError } from '../errors';
import type { EventBatch } from './build-events';
import type { EventSink } from './event-sink';

/** An in-process EventSink for unit tests of the pipeline; production uses KafkaEventSink. */
export class MemoryEventSink implements EventSink {
  readonly batches: EventBatch[] = [];
  /** When set, record() fails as Kafka would when it is unreachable. */
  failing = false;

  async record(batch: EventBatch): Promise<void> {
    if (this.failing) throw new UnavailableError('kafka', 'memory sink set to fail');
    this.batches.push(batch);
  }

  /** What `recordModeration` took (moderators' actions). */
  readonly operatorEvents: ModerationEvent[] = [];

  async recordModeration(events: ModerationEvent[]): Promise<void> {
    if (this.failing) throw new UnavailableError('kafka', 'memory sink set to fail');
    this.operatorEvents.push(...events);
  }

  healthy(): boolean {
    return !this.failing;
  }

  async close(): Promise<void> {}
}
