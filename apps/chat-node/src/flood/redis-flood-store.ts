import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import type { ChainableCommander, Redis } from 'ioredis';
import type { RedisNames } from '@tribune/contracts';
import {
  duplicateResult,
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
import type { FloodStore } from './flood-store';

const SCRIPT = readFileSync(new URL('./flood.lua', import.meta.url), 'utf8');
const COMMAND = 'tribuneFlood';
const KIND_ARG: Record<FloodRule['kind'], string> = { rate: 'rate', slow_mode: 'slow', duplicate: 'dup', raid: 'raid' };

type FloodCommand = (k1: string, k2: string, k3: string, ...argv: (string | number)[]) => ChainableCommander;

export interface RedisFloodStoreOptions {
  /** A batch Redis has not answered within this is failed (the caller falls back to local state). */
  timeoutMs: number;
  /** Told once per Redis round trip: how many messages it carried and how long it took. */
  onRoundTrip?: (messages: number, seconds: number) => void;
}

interface Pending {
  query: FloodQuery;
  /** Rules sent to Redis, as indexes into query.rules (a raid rule on a short text is not sent). */
  sent: number[];
  resolve: (r: FloodResult[]) => void;
  reject: (err: unknown) => void;
}

/**
 * Flood state in Redis, room-wide across every node. One message = one EVALSHA of flood.lua (all its rules,
 * atomically); the messages of one event-loop turn go out in one pipeline, so a message costs at most one
 * round trip however many rules it meets (less under load, when a turn holds many).
 */
export class RedisFloodStore implements FloodStore {
  private pending: Pending[] = [];
  private scheduled = false;

  constructor(
    private readonly redis: Redis,
    private readonly names: RedisNames,
    private readonly options: RedisFloodStoreOptions,
  ) {
    if (!(COMMAND in redis)) redis.defineCommand(COMMAND, { numberOfKeys: 3, lua: SCRIPT });
  }

  /** Loads the script so the first batch after a (re)connect does not pay a NOSCRIPT retry. */
  async loadScript(): Promise<void> {
    await this.redis.script('LOAD', SCRIPT);
  }

  answer(query: FloodQuery): Promise<FloodResult[]> {
    return new Promise((resolve, reject) => {
      const sent: number[] = [];
      query.rules.forEach((r, i) => {
        if (r.kind !== 'raid' || query.key.length >= RAID_MIN_KEY_LENGTH) sent.push(i);
      });
      this.pending.push({ query, sent, resolve, reject });
      if (!this.scheduled) {
        this.scheduled = true;
        // After this turn's I/O callbacks: every send frame read in this turn joins the batch.
        setImmediate(() => this.flush());
      }
    });
  }

  private flush(): void {
    const batch = this.pending;
    this.pending = [];
    this.scheduled = false;
    const pipeline = this.redis.pipeline();
    const command = (pipeline as unknown as Record<string, FloodCommand>)[COMMAND]!.bind(pipeline);
    for (const p of batch) command(...this.args(p));
    const started = performance.now();
    let timer: NodeJS.Timeout | undefined;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new UnavailableError('redis', `flood state: no answer within ${this.options.timeoutMs} ms`)), this.options.timeoutMs);
    });
    Promise.race([pipeline.exec(), timeout])
      .then((replies) => {
        this.options.onRoundTrip?.(batch.length, (performance.now() - started) / 1000);
        batch.forEach((p, i) => {
          const [err, reply] = replies?.[i] ?? [new Error('no reply'), null];
          if (err) p.reject(new UnavailableError('redis', `flood state: ${err.message}`, { cause: err }));
          else p.resolve(this.results(p, reply as (string | string[])[]));
        });
      })
      .catch((err: unknown) => {
        const failure = err instanceof UnavailableError ? err : new UnavailableError('redis', `flood state: ${err instanceof Error ? err.message : String(err)}`, { cause: err });
        for (const p of batch) p.reject(failure);
      })
      .finally(() => clearTimeout(timer));
  }

  private args({ query, sent }: Pending): [string, string, string, ...(string | number)[]] {
    const { room, userId, ts, key } = query;
    const argv: (string | number)[] = [ts, userId, key, RECENT_CAP, RAID_USERS_CAP, sent.length];
    for (const i of sent) {
      const r = query.rules[i]!;
      const [a, b] =
        r.kind === 'rate' ? [r.burst, r.perSeconds] : r.kind === 'slow_mode' ? [r.seconds, 0] : [r.windowSeconds, 0];
      argv.push(KIND_ARG[r.kind], r.id, a, b);
    }
    // The raid key is named by a hash of the text: bounded key length whatever was written.
    const raidKey = this.names.floodRaid(room, key.length >= RAID_MIN_KEY_LENGTH ? textHash(key) : '-');
    return [this.names.floodUser(room, userId), this.names.floodRecent(room, userId), raidKey, ...argv];
  }

  private results({ query, sent }: Pending, reply: (string | string[])[]): FloodResult[] {
    const recentRaw = (reply[reply.length - 1] ?? []) as string[];
    let recent: RecentText[] | undefined;
    const answers = new Map<number, string>();
    sent.forEach((ruleIndex, j) => answers.set(ruleIndex, reply[j] as string));
    return query.rules.map((rule, i) => {
      const answer = answers.get(i);
      switch (rule.kind) {
        case 'rate':
          return rateResult(rule, Number(answer), 'redis');
        case 'slow_mode':
          return slowModeResult(rule, query.ts, answer ? Number(answer) : null, 'redis');
        case 'duplicate':
          recent ??= recentRaw.map(parseRecent);
          return duplicateResult(rule, query.key, query.ts, recent, 'redis');
        case 'raid':
          return raidResult(rule, answer === undefined ? 0 : Number(answer), 'redis');
      }
    });
  }
}

function parseRecent(entry: string): RecentText {
  const sep = entry.indexOf(':');
  return { ts: Number(entry.slice(0, sep)), key: entry.slice(sep + 1) };
}

function textHash(key: string): string {
  return createHash('sha1').update(key).digest('base64url').slice(0, 16);
}
