import { z } from 'zod';
import { messageStatus } from './protocol';

/**
 * The live path of the console's charts (issue 10): each chat node counts, per room and second, what it recorded and
 * flushes the counts to Redis every {@link LIVE_STATS.flushMs}; the console sums the nodes' fields and pushes them.
 *
 * One hash per room and minute (`liveRoomMinute`), fields `<unix second>:<counter>`, incremented with HINCRBY (every
 * node adds to the same field: the sum over nodes is the field). Viewers are a level, not a count: each node HSETs
 * `<unix second>:viewers@<node>` and the console sums the fields of a second. Keys expire {@link LIVE_STATS.ttlSeconds}
 * after their minute: enough for the room live view's 15 minutes; history reads the ClickHouse rollups.
 */
export const LIVE_STATS = {
  flushMs: 500,
  /** 15 minutes of live view + margin, counted from the minute's start. */
  ttlSeconds: 20 * 60,
  /** How long a room stays in the live room index after its last counted second. */
  roomIdleSeconds: 15 * 60,
} as const;

/**
 * Counters a node keeps per room-second. The message statuses are exactly `chat.messages.status` (so a second's
 * live count equals `chat.messages_1s` for it), counted in the second of the event's `ts`; `flood` counts messages a
 * spam rule other than `raid` hit and `raid` those a raid rule hit (a message both hit counts in both). The rest are
 * delivery-side, counted in the second the node did it, and live only (nothing archives them): `sampled` is
 * deliveries the overload policy withheld (one per viewer and message left out of its sample), `joins` viewers who
 * joined the room on the node.
 */
export const LIVE_COUNTERS = [...messageStatus.options, 'flood', 'raid', 'sampled', 'joins'] as const;
export const liveCounter = z.enum(LIVE_COUNTERS);
export type LiveCounter = z.infer<typeof liveCounter>;

/**
 * Upper bounds (ms, inclusive) of the per-room delivery latency histogram: publish (the message's `ts`) → its frame
 * handed to the last local viewer's socket, one observation per node and message, counted in the second of the write.
 * Fields `<second>:lat_le_<ms>` (and `lat_le_inf` above the last bound) hold non-cumulative counts, so nodes add up.
 */
export const LIVE_LATENCY_BOUNDS_MS = [5, 10, 25, 50, 100, 250, 500, 1000, 2500, 5000] as const;

/** Index into {@link LIVE_LATENCY_BOUNDS_MS} of the bucket a latency falls in; the bounds' length for above them. */
export function latencyBucket(ms: number): number {
  const i = LIVE_LATENCY_BOUNDS_MS.findIndex((bound) => ms <= bound);
  return i === -1 ? LIVE_LATENCY_BOUNDS_MS.length : i;
}

/** Field name of a counter in a room-minute hash. */
export function liveField(second: number, counter: LiveCounter): string {
  return `${second}:${counter}`;
}

/** Field name of a latency bucket (an index from {@link latencyBucket}) in a room-minute hash. */
export function liveLatencyField(second: number, bucket: number): string {
  const bound = LIVE_LATENCY_BOUNDS_MS[bucket];
  return `${second}:lat_le_${bound === undefined ? 'inf' : bound}`;
}

/** Field name of one node's viewer level in a room-minute hash. */
export function liveViewersField(second: number, nodeId: string): string {
  return `${second}:viewers@${nodeId}`;
}

/** A field read back: the second and a counter, a latency bucket or a node's viewers; null for a field of another shape. */
export type ParsedLiveField = { second: number; counter: LiveCounter } | { second: number; latencyBucket: number } | { second: number; viewersOf: string };

export function parseLiveField(field: string): ParsedLiveField | null {
  const colon = field.indexOf(':');
  if (colon <= 0) return null;
  const second = Number(field.slice(0, colon));
  if (!Number.isInteger(second)) return null;
  const rest = field.slice(colon + 1);
  if (rest.startsWith('viewers@')) return { second, viewersOf: rest.slice('viewers@'.length) };
  if (rest.startsWith('lat_le_')) {
    const bound = rest.slice('lat_le_'.length);
    const bucket = bound === 'inf' ? LIVE_LATENCY_BOUNDS_MS.length : LIVE_LATENCY_BOUNDS_MS.indexOf(Number(bound) as never);
    return bucket === -1 ? null : { second, latencyBucket: bucket };
  }
  const counter = liveCounter.safeParse(rest);
  return counter.success ? { second, counter: counter.data } : null;
}

/** The minute (unix seconds of its start) a unix second belongs to. */
export function minuteOf(second: number): number {
  return second - (second % 60);
}

/** What a node adds to its heartbeat for the overview (optional: older nodes send none). */
export const nodeLoad = z.object({
  rooms: z.number().int().nonnegative(),
  /** Messages recorded per second (averaged over the last beat interval). */
  messagesInPerSecond: z.number().nonnegative(),
  /** Messages delivered to local viewers per second (one per viewer and message). */
  messagesOutPerSecond: z.number().nonnegative(),
  /** Event-loop delay p99 over the last beat interval, ms. */
  eventLoopLagP99Ms: z.number().nonnegative(),
  rssBytes: z.number().int().nonnegative(),
  /** Fan-out (publish → local delivery) p99 over the last beat interval, ms (a bucket bound), when it observed one in it. */
  fanoutP99Ms: z.number().nonnegative().optional(),
});
export type NodeLoad = z.infer<typeof nodeLoad>;
