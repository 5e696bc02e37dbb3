import type { ModerationEvent } from '@tribune/contracts';
import type { EventBatch } from '../events/build-events';
import type { EventSink } from '../events/event-sink';
import type { RoomStats } from './room-stats';

/**
 * Counts every batch the inner sink durably accepted: its message's status (the same event, room, `ts` and status
 * that ingest writes to `chat.messages`, so the live figures and `chat.messages_1s` agree exactly), a `flood` count
 * when a spam rule other than a raid rule hit it, a `raid` count when a raid rule did, and its sender. A batch Kafka refused is not counted: it is not in the archive either.
 */
export class RecordingEventSink implements EventSink {
  constructor(
    private readonly inner: EventSink,
    private readonly stats: RoomStats,
    private readonly onRecorded?: (batch: EventBatch) => void,
  ) {}

  async record(batch: EventBatch): Promise<void> {
    await this.inner.record(batch);
    const { room, ts, status, hits, user } = batch.message;
    this.stats.add(room, ts, status);
    if (hits.some((h) => h.kind === 'spam' && h.term !== 'raid')) this.stats.add(room, ts, 'flood');
    if (hits.some((h) => h.kind === 'spam' && h.term === 'raid')) this.stats.add(room, ts, 'raid');
    this.stats.sender(room, ts, user.id);
    this.onRecorded?.(batch);
  }

  /** Decisions about no new message (a moderator's `mod` frame) change no message count: passed through. */
  recordModeration(events: ModerationEvent[]): Promise<void> {
    return this.inner.recordModeration(events);
  }

  healthy(): boolean {
    return this.inner.healthy();
  }

  close(): Promise<void> {
    return this.inner.close();
  }
}
