import type { Annotation } from './annotations';
import type { NodeView } from './node-tracker';
import type { PipelineStatus } from './pipeline-status';
import { activeRooms, readRoomSeconds, roomChatters, viewersNow } from './read-live';
import { messagesOf, summarise, type LiveSecond } from './live-series';
import type { Redis } from 'ioredis';

export interface RoomLive {
  room: string;
  viewers: number;
  /** Messages per second over the last 5 s (the current second included). */
  messagesPerSecond: number;
  chatters5m: number;
  /** Refused share of the last 5 min, percent (null without messages). */
  refusedPercent: number | null;
  flood5m: number;
  raid5m: number;
  /** Messages per second, the last 60 s. */
  sparkline: number[];
}

export type BannerKind = 'node_down' | 'node_behind' | 'ingest_lag' | 'dlq_growing' | 'pipeline_unreadable';
export interface Banner {
  kind: BannerKind;
  text: string;
}

export interface Overview {
  at: number;
  rooms: RoomLive[];
  nodes: NodeView[];
  currentVersion: number;
  pipeline: PipelineStatus;
  banners: Banner[];
}

export const RATE_WINDOW_SECONDS = 5;
const FIVE_MIN = 300;

/** A room's overview row from its last 5 minutes of live seconds (oldest first, the current second last). */
export function roomRow(room: string, seconds: LiveSecond[], viewers: number, chatters: number): RoomLive {
  const window = seconds.slice(-RATE_WINDOW_SECONDS);
  const rate = window.reduce((n, s) => n + messagesOf(s), 0) / RATE_WINDOW_SECONDS;
  const total = summarise(seconds);
  return {
    room,
    viewers,
    messagesPerSecond: Math.round(rate * 10) / 10,
    chatters5m: chatters,
    refusedPercent: total.messages === 0 ? null : Math.round((total.refused / total.messages) * 1000) / 10,
    flood5m: total.flood,
    raid5m: total.raid,
    sparkline: seconds.slice(-60).map(messagesOf),
  };
}

/** Problems the overview shows as banners. */
export function banners(nodes: NodeView[], currentVersion: number, pipeline: PipelineStatus, lagAlert: number): Banner[] {
  const out: Banner[] = [];
  for (const n of nodes) {
    if (!n.up) out.push({ kind: 'node_down', text: `Node ${n.nodeId} is down: no heartbeat for ${Math.round((Date.now() - n.ts) / 1000)} s` });
    else if (n.behind) out.push({ kind: 'node_behind', text: `Node ${n.nodeId} enforces rules version ${n.rulesVersion}, the current one is ${currentVersion}` });
  }
  for (const l of pipeline.lag) if (l.lag !== null && l.lag > lagAlert) out.push({ kind: 'ingest_lag', text: `Ingest is ${l.lag} events behind on ${l.topic}` });
  if (pipeline.dlqGrowing) out.push({ kind: 'dlq_growing', text: `The DLQ is growing (${pipeline.dlq} events)` });
  if (pipeline.error) out.push({ kind: 'pipeline_unreadable', text: `Pipeline figures unavailable: ${pipeline.error}` });
  return out;
}

/** Every room counted in the last 5 minutes, with its live figures. One pipeline per room (6 minute hashes). */
export async function readRoomsLive(redis: Redis, prefix: string, now = Date.now()): Promise<RoomLive[]> {
  const nowSecond = Math.floor(now / 1000);
  const rooms = await activeRooms(redis, prefix, nowSecond, FIVE_MIN);
  return Promise.all(
    rooms.map(async (room) => {
      const [seconds, viewers, chatters] = await Promise.all([
        readRoomSeconds(redis, prefix, room, nowSecond - FIVE_MIN + 1, nowSecond + 1),
        viewersNow(redis, prefix, room),
        roomChatters(redis, prefix, room, nowSecond - FIVE_MIN + 1, nowSecond + 1),
      ]);
      return roomRow(room, seconds, viewers, chatters);
    }),
  );
}

export type { Annotation };
