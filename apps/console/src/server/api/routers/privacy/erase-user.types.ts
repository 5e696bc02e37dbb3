import { z } from 'zod';

/** The viewer's user id twice: an erasure cannot be undone, so a typo must not erase someone else. */
export const eraseUserInput = z
  .object({ userId: z.string().trim().min(1).max(200), confirmUserId: z.string().trim() })
  .refine((v) => v.userId === v.confirmUserId, { path: ['confirmUserId'], message: 'type the same user id again to confirm' });

export const eraseUserOutput = z.object({
  id: z.string(),
  userId: z.string(),
  clickhouse: z.object({ messages: z.number().int(), moderationEvents: z.number().int() }),
  redisHistory: z.number().int(),
  redisKeys: z.number().int(),
  rooms: z.array(z.string()),
  announced: z.number().int(),
  kafka: z.string(),
});
