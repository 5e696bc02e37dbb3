import type { HeldMessage } from '@tribune/contracts';

/** Port: where a held message goes to wait for a moderator (the console reads and decides it). */
export interface ReviewQueue {
  enqueue(item: HeldMessage): Promise<void>;
}
