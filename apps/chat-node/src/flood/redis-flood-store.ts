import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { Redis, type ChainableCommander } from 'ioredis';
import type { RedisNames } from '@tribune/contracts';
import {
  duplicateResult,
  Lru,
  RAID_MIN_KEY_LENGTH,
  RAID_USERS_CAP,
  raidResult,
  rateResult,
  RECENT_CAP,
  slowModeResult,
  type FloodQuery,
  type FloodResult,
  type FloodRule,
  type RecentText,
} from '@tribune/moderation';
import { UnavailableError } from '../errors';
import { masters, type RedisClient } from '../redis/redis-connections';
import type { FloodStore } from './flood-store';

const SCRIPT = readFileSync(new URL('./flood.lua', import.meta.url), 'utf8');
const COMMAND = 'tribuneFlood';
const KIND_ARG: Record<FloodRule['kind'], string> = { rate: 'rate', slow_mode: 'slow', duplicate: 'dup', raid: 'raid' };

/** ioredis `defineCommand` without a fixed key count: the first argument is the number of keys. */
type FloodCommand = (numKeys: number, ...keysAndArgs: (string | number)[]) => ChainableCommander;
type FloodCall = (numKeys: number, ...keysAndArgs: (string | number)[]) => Promise<unknown>;
type Reply = (string | string[])[];

export interface RedisFloodStoreOptions {
  /** A batch Redis has not answered within this is failed (the caller falls back to local state). */
  timeoutMs: number;
  /** Told once per Redis round trip: how many messages it carried and how long it took. */
  onRoundTrip?: (messages: number, seconds: number) => void;
}

interface Pending {
  query: FloodQuery;
  resolve: (r: FloodResult[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Flood state in Redis, room-wide across every node. The messages that reach this node in one event-loop turn
 * are judged in ONE round trip: one EVALSHA of flood.lua per room (all its messages and rules, atomically, in
 * arrival order), the rooms' calls in one pipeline. A message never costs more than one round trip, and a busy
 * room pays the script's fixed cost once per turn.
 */
export class RedisFloodStore implements FloodStore {
  /** By rule list (one per room and rule set), then by room: one script call each. */
  private pending = new Map<readonly FloodRule[], Map<string, Pending[]>>();
  private pendingCount = 0;
  /** Bigrams of recent texts by text: a user's earlier messages come back in every answer, computed once here. */
  private readonly grams = new Lru<string, Set<string>>(20_000);

  constructor(
    private readonly redis: RedisClient,
    private readonly names: RedisNames,
    private readonly options: RedisFloodStoreOptions,
  ) {
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { lua: SCRIPT });
  }

  /** Loads the script so the first batch after a (re)connect does not pay a NOSCRIPT retry. */
  async loadScript(): Promise<void> {
    // On a cluster, on every master: a room's call runs on the one owning its slot.
    await Promise.all(masters(this.redis).map((node) => node.script('LOAD', SCRIPT)));
  }

  answer(query: FloodQuery): Promise<FloodResult[]> {
    return new Promise((resolve, reject) => {
      let rooms = this.pending.get(query.rules);
      if (!rooms) this.pending.set(query.rules, (rooms = new Map()));
      let batch = rooms.get(query.room);
      if (!batch) rooms.set(query.room, (batch = []));
      batch.push({ query, resolve, reject });
      // After this turn's I/O callbacks: every send frame read in this turn joins the round trip.
      if (this.pendingCount++ === 0) setImmediate(() => this.flush());
    });
  }

  private flush(): void {
    const groups: Pending[][] = [];
    for (const rooms of this.pending.values()) for (const batch of rooms.values()) groups.push(batch);
    const messages = this.pendingCount;
    this.pending = new Map();
    this.pendingCount = 0;
    const started = performance.now();
    const calls = groups.map((batch) => {
      const keys = this.keys(batch);
      return [keys.length, ...keys, ...this.args(batch)] as [number, ...(string | number)[]];
    });
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UnavailableError('redis', `flood state: no answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
    });
    Promise.race([this.exec(calls), timeout])
      .then((replies) => {
        this.options.onRoundTrip?.(messages, (performance.now() - started) / 1000);
        groups.forEach((batch, g) => {
          const [err, reply] = replies?.[g] ?? [new Error('no reply'), null];
          if (err) {
            const failure = new UnavailableError('redis', `flood state: ${err.message}`, { cause: err });
            for (const p of batch) p.reject(failure);
            return;
          }
          batch.forEach((p, i) => p.resolve(this.results(p.query, (reply as Reply[])[i]!)));
        });
      })
      .catch((err: unknown) => {
        const failure = err instanceof UnavailableError ? err : new UnavailableError('redis', `flood state: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        for (const batch of groups) for (const p of batch) p.reject(failure);
      })
      .finally(() => clearTimeout(timer));
  }

  /**
   * One Redis: the rooms' calls in one pipeline. A cluster: each room's call on its own (a room's keys share its
   * `{room}` slot; rooms spread over masters), auto-pipelined per master by the commands connection.
   */
  private async exec(calls: [number, ...(string | number)[]][]): Promise<[Error | null, unknown][] | null> {
    if (this.redis instanceof Redis) {
      const pipeline = this.redis.pipeline();
      const command = (pipeline as unknown as Record<string, FloodCommand>)[COMMAND]!.bind(pipeline);
      for (const args of calls) command(...args);
      return pipeline.exec();
    }
    const command = (this.redis as unknown as Record<string, FloodCall>)[COMMAND]!.bind(this.redis);
    return Promise.all(
      calls.map((args) =>
        command(...args).then(
          (reply): [Error | null, unknown] => [null, reply],
          (err: unknown): [Error | null, unknown] => [err instanceof Error ? err : new Error(String(err)), null],
        ),
      ),
    );
  }

  /** Two per message: the user's hash and the text's raid set (named by a hash of the text: bounded length). */
  private keys(batch: Pending[]): string[] {
    const keys: string[] = [];
    for (const { query } of batch) {
      keys.push(this.names.floodUser(query.room, query.userId));
      keys.push(this.names.floodRaid(query.room, query.key.length >= RAID_MIN_KEY_LENGTH ? textHash(query.key) : '-'));
    }
    return keys;
  }

  private args(batch: Pending[]): (string | number)[] {
    const rules = batch[0]!.query.rules;
    const argv: (string | number)[] = [RECENT_CAP, RAID_USERS_CAP, rules.length];
    for (const r of rules) {
      const a = r.kind === 'rate' ? r.burst : r.kind === 'slow_mode' ? r.seconds : r.windowSeconds;
      argv.push(KIND_ARG[r.kind], r.id, a, r.kind === 'rate' ? r.perSeconds : 0);
    }
    for (const { query } of batch) argv.push(query.ts, query.userId, query.key, query.key.length >= RAID_MIN_KEY_LENGTH ? 1 : 0);
    return argv;
  }

  private results(query: FloodQuery, reply: Reply): FloodResult[] {
    let recent: RecentText[] | undefined;
    return query.rules.map((rule, i) => {
      const answer = reply[i] as string;
      switch (rule.kind) {
        case 'rate':
          return rateResult(rule, Number(answer), 'redis');
        case 'slow_mode':
          return slowModeResult(rule, query.ts, answer ? Number(answer) : null, 'redis');
        case 'duplicate': {
          recent ??= (reply[reply.length - 1] as string[]).map((entry) => this.parseRecent(entry));
          const result = duplicateResult(rule, query.key, query.ts, recent, 'redis');
          for (const r of recent) if (r.bigrams) this.grams.set(r.key, r.bigrams);
          return result;
        }
        case 'raid':
          return raidResult(rule, Number(answer), 'redis');
      }
    });
  }

  private parseRecent(entry: string): RecentText {
    const sep = entry.indexOf(':');
    const key = entry.slice(sep + 1);
    const bigrams = this.grams.get(key);
    return bigrams ? { ts: Number(entry.slice(0, sep)), key, bigrams } : { ts: Number(entry.slice(0, sep)), key };
  }
}

function textHash(key: string): string {
  return createHash('sha1').update(key).digest('base64url').slice(0, 16);
}
