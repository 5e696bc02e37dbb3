import type { HeldMessage } from '@tribune/contracts';
import type { ReviewQueue } from './review-queue';

/** For unit tests: the held messages in arrival order. */
export class MemoryReviewQueue implements ReviewQueue {
  readonly items: HeldMessage[] = [];

  enqueue(item: HeldMessage): Promise<void> {
    this.items.push(item);
    return Promise.resolve();
  }
}
