import type { ClickHouseClient } from '@clickhouse/client';
import { topRules, topTerms, type TopRuleRow, type TopTermRow } from '@tribune/analytics';
import type { Redis } from 'ioredis';
import type { Db } from '../db/prisma';
import { readAnnotations, type Annotation } from './annotations';
import { readRoomSeconds, roomChatters, topChatters, viewersNow } from './read-live';
import { summarise, type LiveSecond, type LiveTotals } from './live-series';

export const ROOM_WINDOW_SECONDS = 15 * 60;
/** Seconds resent on every tick after the first: the last few may still grow as nodes flush. */
export const ROOM_TICK_SECONDS = 5;

export interface RoomTops {
  rules: TopRuleRow[];
  terms: TopTermRow[];
  chatters: { user: string; messages: number }[];
}

export interface RoomLiveView {
  kind: 'snapshot' | 'tick';
  at: number;
  room: string;
  /** The whole 15 minutes on a snapshot, the last {@link ROOM_TICK_SECONDS} on a tick (merge by `t`). */
  seconds: LiveSecond[];
  viewers: number;
  chatters15m: number;
  /** The 15 minutes' totals: flood and raid hits, deliveries sampled out, joins, delivery latency p50/p99. */
  totals15m: LiveTotals;
  tops: RoomTops;
  annotations: Annotation[];
}

export interface RoomReaders {
  redis: Redis;
  prefix: string;
  clickhouse: ClickHouseClient;
  db: Db;
}

/** The rules, terms and senders that hit most in the room's window (rules and terms from the per-second rollup). */
export async function readRoomTops(r: RoomReaders, room: string, fromSecond: number, toSecond: number): Promise<RoomTops> {
  const range = { from: fromSecond * 1000, to: toSecond * 1000 };
  const [rules, terms, chatters] = await Promise.all([
    topRules(r.clickhouse, { room, range, limit: 10, resolution: 'second' }),
    topTerms(r.clickhouse, { room, range, limit: 10, resolution: 'second' }),
    topChatters(r.redis, r.prefix, room, fromSecond, toSecond, 10),
  ]);
  return { rules, terms, chatters };
}

/** One frame of the room live view; `tops` are passed in (read less often than every second). */
export async function readRoomLive(r: RoomReaders, room: string, kind: RoomLiveView['kind'], tops: RoomTops, now = Date.now()): Promise<RoomLiveView> {
  const nowSecond = Math.floor(now / 1000);
  const from = nowSecond - ROOM_WINDOW_SECONDS + 1;
  const [seconds, viewers, chatters, annotations] = await Promise.all([
    readRoomSeconds(r.redis, r.prefix, room, from, nowSecond + 1),
    viewersNow(r.redis, r.prefix, room),
    roomChatters(r.redis, r.prefix, room, from, nowSecond + 1),
    readAnnotations(r.db, room, from * 1000, now + 1),
  ]);
  // The current second's viewer level is still being written (each node writes its own once a second): showing the
  // nodes that wrote so far would draw a dip; the next ticks resend the second complete.
  const current = seconds.at(-1);
  if (current && current.t >= nowSecond * 1000) current.viewers = null;
  return {
    kind,
    at: now,
    room,
    seconds: kind === 'snapshot' ? seconds : seconds.slice(-ROOM_TICK_SECONDS),
    viewers,
    chatters15m: chatters,
    totals15m: summarise(seconds),
    tops,
    annotations,
  };
}
