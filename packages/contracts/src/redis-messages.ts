import { z } from 'zod';
import { nodeLoad } from './live-stats';
import { chatMessage } from './protocol';

/** Published on the rules channel after a new snapshot was written. */
export const rulesAnnouncement = z.object({ v: z.literal(1), version: z.number().int().nonnegative() });
export type RulesAnnouncement = z.infer<typeof rulesAnnouncement>;

/** Published by a node on the resync channel when the rules snapshot key is absent. */
export const rulesResyncRequest = z.object({ v: z.literal(1), node: z.string().min(1) });
export type RulesResyncRequest = z.infer<typeof rulesResyncRequest>;

/** Published on a room channel: one accepted message for every node's local viewers. */
export const fanoutEnvelope = z.discriminatedUnion('kind', [
  z.object({ v: z.literal(1), kind: z.literal('message'), origin: z.string(), message: chatMessage }),
  z.object({ v: z.literal(1), kind: z.literal('deleted'), origin: z.string(), room: z.string(), id: z.string() }),
  z.object({ v: z.literal(1), kind: z.literal('notice'), origin: z.string(), room: z.string(), text: z.string() }),
  /** Every message of `userId` in the room is removed: each node drops them from its ring and sends `deleted` for each. */
  z.object({ v: z.literal(1), kind: z.literal('purged'), origin: z.string(), room: z.string(), userId: z.string() }),
]);
export type FanoutEnvelope = z.infer<typeof fanoutEnvelope>;

/** A node's heartbeat, refreshed every few seconds under a key with a TTL. */
export const nodeHeartbeat = z.object({
  v: z.literal(1),
  nodeId: z.string(),
  url: z.string(),
  rulesVersion: z.number().int().nonnegative(),
  connections: z.number().int().nonnegative(),
  startedAt: z.number().int(),
  ts: z.number().int(),
  /** Load figures for the console's overview (issue 10); absent from nodes that predate them. */
  load: nodeLoad.optional(),
});
export type NodeHeartbeat = z.infer<typeof nodeHeartbeat>;
