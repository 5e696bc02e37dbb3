import type { MessageStatus } from '@tribune/contracts';

/**
 * Statuses of a message the room did not see as written: `blocked` and `rejected` (refused), `held` (waiting for a
 * moderator), `shadowed` (shown to its sender only). `masked` messages were delivered, masked: not refused.
 */
export const REFUSED_STATUSES: readonly MessageStatus[] = ['blocked', 'rejected', 'held', 'shadowed'];
