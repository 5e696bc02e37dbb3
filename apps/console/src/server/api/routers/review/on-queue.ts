import type { HeldMessage, ReviewEvent } from '@tribune/contracts';
import { access } from '../../../access/access-rules';
import { protectedProcedure } from '../../trpc';
import { queueScope } from './review.types';

/** What the live queue streams: the queue as it is, then every change. */
export type QueueStreamEvent = { kind: 'snapshot'; items: HeldMessage[] } | ReviewEvent;

/**
 * The live queue (tRPC subscription, SSE through `httpSubscriptionLink`): subscribes to the review channel first,
 * then reads the queue, so nothing held in between is missed (an item both in the snapshot and heard is sent
 * twice; the client keys by id).
 */
export const onQueueRoute = protectedProcedure.meta({ access: access.read }).input(queueScope).subscription(async function* ({ ctx, input, signal }) {
  const pending: ReviewEvent[] = [];
  let wake: (() => void) | null = null;
  const off = await ctx.services.reviewFeed.listen((event) => {
    const room = event.kind === 'held' ? event.item.room : event.room;
    if (input.roomId !== null && room !== input.roomId) return;
    pending.push(event);
    wake?.();
  });
  try {
    const items = await ctx.services.review.list(input.roomId);
    yield { kind: 'snapshot', items } as QueueStreamEvent;
    while (!signal?.aborted) {
      while (pending.length > 0) yield pending.shift()! as QueueStreamEvent;
      await new Promise<void>((resolve) => {
        wake = resolve;
        signal?.addEventListener('abort', () => resolve(), { once: true });
      });
      wake = null;
    }
  } finally {
    off();
  }
});
