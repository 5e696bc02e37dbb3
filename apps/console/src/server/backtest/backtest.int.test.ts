import { randomUUID } from 'node:crypto';
import { CLICKHOUSE } from '@tribune/contracts';
import { createLogger } from '@tribune/service-kit';
import { TRPCError } from '@trpc/server';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { AppError } from '../app-error';
import type { Services } from '../services';
import { consoleTestEnv, operatorCaller, startTestServices } from '../testing/operator-caller';

// Backtests over rows inserted into the real ClickHouse `chat.messages` (the harness's, migrated), through the tRPC
// API on real PostgreSQL: the counts, the spans and the window/limit bounds.
const run = randomUUID().slice(0, 8);
const env = consoleTestEnv(`backtest-it-${run}`);
const logger = createLogger({ name: 'backtest-int', level: 'warn' });
const operator = { email: `op-bt-${run}@tribune.test`, password: 'integration-password' };
const room = `bt-${run}`;
const other = `bt-${run}-other`;
// Letters only and unique to this run, so rows other suites stored never match it.
const term = `zorp${run.replace(/[^a-f]/g, '').padEnd(4, 'q')}`;

let services: Services;
const now = Date.now();
const minutesAgo = (m: number) => now - m * 60_000;

interface Row { id: string; ts: number; room: string; user: string; text: string; status?: string; roles?: string[] }
const rows: Row[] = [
  { id: `${run}-01`, ts: minutesAgo(50), room, user: 'ann', text: 'kickoff, here we go' },
  { id: `${run}-02`, ts: minutesAgo(40), room, user: 'bob', text: `what a ${term} move` },
  { id: `${run}-03`, ts: minutesAgo(30), room, user: 'cid', text: `${term.toUpperCase()}!!`, status: 'blocked' },
  { id: `${run}-04`, ts: minutesAgo(20), room, user: 'dan', text: `${term.split('').join(' ')} lol` },
  { id: `${run}-05`, ts: minutesAgo(10), room, user: 'eve', text: `x${term}x is not it` },
  { id: `${run}-06`, ts: minutesAgo(5), room: other, user: 'fay', text: `${term} elsewhere` },
  { id: `${run}-07`, ts: minutesAgo(300), room, user: 'gus', text: `an old ${term}` },
  // A flood for the duplicate rule: one user, one text, four times in a minute; a moderator doing the same.
  ...[0, 1, 2, 3].map((i) => ({ id: `${run}-1${i}`, ts: minutesAgo(3) + i * 5000, room, user: 'flooder', text: 'BUY CHEAP GOLD at goldshop' })),
  ...[0, 1].map((i) => ({ id: `${run}-2${i}`, ts: minutesAgo(2) + i * 5000, room, user: 'mod', roles: ['moderator'], text: 'please read the rules here' })),
];

function appErrorOf(err: unknown): AppError {
  expect(err).toBeInstanceOf(TRPCError);
  const cause = (err as TRPCError).cause;
  expect(AppError.is(cause)).toBe(true);
  return cause as AppError;
}

beforeAll(async () => {
  services = (await startTestServices(env, logger, operator)).services;
  await services.clickhouse.insert({
    table: CLICKHOUSE.messages,
    format: 'JSONEachRow',
    values: rows.map((r, i) => ({
      id: r.id,
      // As ingest writes it: UTC 'YYYY-MM-DD hh:mm:ss.sss'.
      ts: new Date(r.ts).toISOString().replace('T', ' ').replace('Z', ''),
      room: r.room,
      user_id: r.user,
      user_name: r.user,
      user_roles: r.roles ?? [],
      text: r.text,
      delivered_text: null,
      status: r.status ?? 'accepted',
      hits: '[]',
      hit_rule_ids: [],
      hit_terms: [],
      hit_actions: [],
      cid: `c${i}`,
      node: 'bt-node',
      rules_version: 1,
      kafka_topic: 'test.chat.messages',
      kafka_partition: 0,
      kafka_offset: i,
    })),
  });
});

afterAll(async () => {
  await services?.close();
});

describe('backtest over stored messages in ClickHouse', () => {
  it('a proposed word on the last hour of one room: the messages it hits, with the matched span', async () => {
    const api = await operatorCaller(services, operator);
    const report = await api.backtest.word({ term, roomId: room, window: 'hour' });
    expect(report).toMatchObject({ room, window: 'hour', truncated: false, scanned: 11, hits: 3, refused: 3, masked: 0, newlyCaught: 2, byAction: { block: 3 } });
    expect(report.examples.map((e) => e.id)).toEqual([`${run}-02`, `${run}-03`, `${run}-04`]);
    expect(report.examples.map((e) => e.text.slice(...e.span!))).toEqual([term, term.toUpperCase(), term.split('').join(' ')]);
    expect(report.examples[1]!.status).toBe('blocked');
  });

  it('the last day reaches older messages; a global word reads every room; a mask counts as masked', async () => {
    const api = await operatorCaller(services, operator);
    expect(await api.backtest.word({ term, roomId: room, window: 'day' })).toMatchObject({ scanned: 12, hits: 4 });
    const global = await api.backtest.word({ term, roomId: null, window: 'hour', action: 'mask' });
    expect(global.examples.filter((e) => e.room === other).map((e) => e.id)).toEqual([`${run}-06`]);
    expect(global.examples.filter((e) => e.room === room || e.room === other)).toHaveLength(4);
    expect(global.masked).toBeGreaterThanOrEqual(4);
    // contains also hits inside the longer word.
    expect(await api.backtest.word({ term, match: 'contains', roomId: room })).toMatchObject({ hits: 4 });
  });

  it('bounds the read with a LIMIT and says so: only the most recent messages are replayed', async () => {
    const api = await operatorCaller(services, operator);
    const report = await api.backtest.word({ term, roomId: room, window: 'hour', limit: 8 });
    expect(report).toMatchObject({ truncated: true, scanned: 8, hits: 1, limit: 8 });
    expect(report.examples.map((e) => e.id)).toEqual([`${run}-04`]);
  });

  it('a duplicate rule replayed in time order catches the flood after its first copy and skips the exempt moderator', async () => {
    const api = await operatorCaller(services, operator);
    const report = await api.backtest.spamRule({ kind: 'duplicate', roomId: room, params: { windowSeconds: 30 }, window: 'hour' });
    expect(report).toMatchObject({ scanned: 11, hits: 3, refused: 3, byAction: { reject: 3 } });
    expect(report.examples.map((e) => e.id)).toEqual([`${run}-11`, `${run}-12`, `${run}-13`]);
    expect(report.examples[0]!.counter).toMatchObject({ name: 'copies', scope: 'user', windowSeconds: 30 });
    // A stateless kind: caps, on the shouted line and the flood (12 of its 22 letters upper case: 0.55 > 0.5).
    const caps = await api.backtest.spamRule({ kind: 'caps', roomId: room, action: 'mask', params: { maxRatio: 0.5, minLength: 4 }, window: 'hour' });
    expect(caps.examples.map((e) => e.id)).toEqual([`${run}-03`, `${run}-10`, `${run}-11`, `${run}-12`, `${run}-13`]);
    expect(caps).toMatchObject({ hits: 5, masked: 5 });
  });

  it('refuses an invalid proposal naming the field', async () => {
    const api = await operatorCaller(services, operator);
    const regex = appErrorOf(await api.backtest.word({ term: '(unclosed', match: 'regex', roomId: room }).catch((e: unknown) => e));
    expect(regex.code).toBe('RULES_INVALID');
    expect(regex.issues[0]).toMatchObject({ field: 'term' });
    const rate = appErrorOf(await api.backtest.spamRule({ kind: 'rate', roomId: room, params: { burst: -1, perSeconds: 5 } }).catch((e: unknown) => e));
    expect(rate.message).toBe('burst: must be positive');
  });
});
