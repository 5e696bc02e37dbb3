import type { MessageStatus } from '@tribune/contracts';
import type { SendOutcome } from './send-message';

/**
 * What the sender is told in its `ack`. A shadowed sender is told `accepted`, with no reason, and sees its own
 * message as if delivered: `shadowed` (or the rule in `reason`) would tell a spammer what to avoid. The Kafka
 * events keep the true status.
 */
export function ackStatus(outcome: Pick<SendOutcome, 'status' | 'reason'>): { status: MessageStatus; reason?: string } {
  if (outcome.status === 'shadowed') return { status: 'accepted' };
  return { status: outcome.status, ...(outcome.reason ? { reason: outcome.reason } : {}) };
}
