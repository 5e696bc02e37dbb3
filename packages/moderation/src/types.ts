import type { RuleHit } from '@tribune/contracts';

export type DecisionAction = 'allow' | 'block' | 'mask' | 'hold' | 'shadow' | 'reject' | 'timeout';

/** What the engine needs to know about one message. */
export interface MessageInput {
  text: string;
  userId: string;
  roles: readonly string[];
  room: string;
  /** ms since epoch (the node clock); drives expiry and the spam windows. */
  ts: number;
  /**
   * ms since epoch when the sender joined the room (the node knows it; the CLI does not): the first-time-chatter
   * wait counts from it. Absent: the wait is not judged.
   */
  joinedAt?: number;
}

export interface Decision {
  action: DecisionAction;
  /** The text to deliver: the original, or with `***` over masked spans when action is `mask`. */
  text: string;
  hits: RuleHit[];
  timeoutSeconds?: number;
  reason?: string;
  /** A room mode's wait refused the message (`slow_mode`, `first_time_wait`): whole seconds until the user may send. */
  retryAfterSeconds?: number;
}
