import type { ClickHouseClient } from '@clickhouse/client';
import { messagesByStatus, rangeParams, REFUSED_STATUSES, refusedShare, roomsOverview, topRules, topTerms, uniqueChatters, type Resolution, type TimeRange } from '@tribune/analytics';
import { CLICKHOUSE } from '@tribune/contracts';
import { percentile } from './proc-cpu';

export interface ChartResult {
  chart: string;
  rollupP50: number;
  rollupP95: number;
  rawP50: number;
  rawP95: number;
  sameAnswer: boolean;
}

interface Chart {
  name: string;
  rollup: () => Promise<unknown>;
  raw: () => Promise<unknown>;
}

const BUCKET_SECONDS: Record<Resolution, number> = { second: 1, minute: 60 };

async function rows(ch: ClickHouseClient, query: string, params: Record<string, unknown>): Promise<Record<string, unknown>[]> {
  return (await ch.query({ query, query_params: params, format: 'JSONEachRow' })).json<Record<string, unknown>>();
}

/** Numbers as numbers (UInt64 arrives quoted), so a rollup's and a raw query's answers compare. */
const normal = (v: unknown): unknown => JSON.parse(JSON.stringify(v, (_k, x: unknown) => (typeof x === 'string' && /^\d+$/.test(x) ? Number(x) : x)));

/** The same question asked of the raw tables (what a chart would cost without the rollups), same range, same shape. */
function rawCharts(ch: ClickHouseClient, room: string, live: TimeRange, day: TimeRange, last5: TimeRange): Chart[] {
  const where = (resolution: Resolution, range: TimeRange) => ({ ...rangeParams(range, BUCKET_SECONDS[resolution]), step: BUCKET_SECONDS[resolution] });
  const tsFilter = `ts >= toDateTime({from:UInt32}, 'UTC') AND ts < toDateTime({to:UInt32}, 'UTC')`;
  const byStatus = (resolution: Resolution, range: TimeRange) =>
    rows(
      ch,
      `SELECT toUInt64(toUnixTimestamp(toStartOfInterval(toDateTime(ts, 'UTC'), INTERVAL {step:UInt32} SECOND))) * 1000 AS t, status, count() AS messages
       FROM ${CLICKHOUSE.messages} WHERE room = {room:String} AND ${tsFilter} GROUP BY t, status ORDER BY t, status`,
      { room, ...where(resolution, range) },
    );
  const refused = async (range: TimeRange) => {
    const [r] = await rows(ch, `SELECT count() AS total, countIf(status IN {refused:Array(String)}) AS refused FROM ${CLICKHOUSE.messages} WHERE room = {room:String} AND ${tsFilter}`, { room, refused: [...REFUSED_STATUSES], ...where('minute', range) });
    const total = Number(r?.total ?? 0);
    const n = Number(r?.refused ?? 0);
    return { total, refused: n, percent: total > 0 ? (n / total) * 100 : 0 };
  };
  const chatters = async (resolution: Resolution, range: TimeRange) =>
    Number((await rows(ch, `SELECT uniq(user_id) AS chatters FROM ${CLICKHOUSE.messages} WHERE room = {room:String} AND ${tsFilter}`, { room, ...where(resolution, range) }))[0]?.chatters ?? 0);
  const overview = (resolution: Resolution, range: TimeRange) =>
    rows(
      ch,
      `SELECT room, count() AS messages, countIf(status IN {refused:Array(String)}) AS refused, uniq(user_id) AS chatters
       FROM ${CLICKHOUSE.messages} WHERE ${tsFilter} GROUP BY room ORDER BY messages DESC, room LIMIT 100`,
      { refused: [...REFUSED_STATUSES], ...where(resolution, range) },
    );
  return [
    { name: 'live: messages/s by status, 15 min', rollup: () => messagesByStatus(ch, { room, range: live, resolution: 'second' }), raw: () => byStatus('second', live) },
    { name: 'history: messages/min by status, 24 h', rollup: () => messagesByStatus(ch, { room, range: day, resolution: 'minute' }), raw: () => byStatus('minute', day) },
    { name: 'refused %, 24 h', rollup: () => refusedShare(ch, { room, range: day, resolution: 'minute' }), raw: () => refused(day) },
    {
      name: 'top rules, 24 h',
      rollup: () => topRules(ch, { room, range: day, resolution: 'minute' }),
      raw: () =>
        rows(
          ch,
          `SELECT hit_rule_id AS ruleId, any(hit_kind) AS kind, any(hit_term) AS term, count() AS hits FROM ${CLICKHOUSE.moderationEvents}
           WHERE room = {room:String} AND ${tsFilter} AND hit_rule_id != '' GROUP BY hit_rule_id ORDER BY hits DESC, ruleId LIMIT 10`,
          { room, ...where('minute', day) },
        ),
    },
    {
      name: 'top terms, 24 h',
      rollup: () => topTerms(ch, { room, range: day, resolution: 'minute' }),
      raw: () =>
        rows(
          ch,
          `SELECT hit_term AS term, count() AS hits FROM ${CLICKHOUSE.moderationEvents}
           WHERE room = {room:String} AND ${tsFilter} AND hit_kind = 'word' AND hit_term != '' GROUP BY hit_term ORDER BY hits DESC, term LIMIT 10`,
          { room, ...where('minute', day) },
        ),
    },
    { name: 'unique chatters, 5 min', rollup: () => uniqueChatters(ch, { room, range: last5, resolution: 'second' }), raw: () => chatters('second', last5) },
    { name: 'unique chatters, 24 h', rollup: () => uniqueChatters(ch, { room, range: day, resolution: 'minute' }), raw: () => chatters('minute', day) },
    { name: 'overview: every room, 5 min', rollup: () => roomsOverview(ch, { range: last5, resolution: 'second' }), raw: () => overview('second', last5) },
    { name: 'overview: every room, 24 h', rollup: () => roomsOverview(ch, { range: day, resolution: 'minute' }), raw: () => overview('minute', day) },
  ];
}

async function timed(fn: () => Promise<unknown>, n: number): Promise<{ times: number[]; last: unknown }> {
  const times: number[] = [];
  let last: unknown;
  for (let i = 0; i < n; i++) {
    const t0 = performance.now();
    last = await fn();
    times.push(performance.now() - t0);
  }
  return { times, last };
}

/** (b) of issue 10 §5: p50/p95 of each chart's query on the rollups and of the same question on the raw tables. */
export async function dashboardBench(ch: ClickHouseClient, o: { room: string; now: number; iterations: number; rawIterations: number; log: (line: string) => void }): Promise<ChartResult[]> {
  const live = { from: o.now - 15 * 60_000, to: o.now };
  const day = { from: o.now - 24 * 3_600_000, to: o.now };
  const last5 = { from: o.now - 5 * 60_000, to: o.now };
  const results: ChartResult[] = [];
  for (const chart of rawCharts(ch, o.room, live, day, last5)) {
    await chart.rollup(); // warm: the first read of a part loads its marks
    const rollup = await timed(chart.rollup, o.iterations);
    await chart.raw();
    const raw = await timed(chart.raw, o.rawIterations);
    const sameAnswer = JSON.stringify(normal(rollup.last)) === JSON.stringify(normal(raw.last));
    if (!sameAnswer) o.log(`${chart.name}: answers differ\n  rollup ${JSON.stringify(normal(rollup.last)).slice(0, 400)}\n  raw    ${JSON.stringify(normal(raw.last)).slice(0, 400)}`);
    results.push({ chart: chart.name, rollupP50: percentile(rollup.times, 50), rollupP95: percentile(rollup.times, 95), rawP50: percentile(raw.times, 50), rawP95: percentile(raw.times, 95), sameAnswer });
    o.log(`${chart.name}: rollup p50 ${percentile(rollup.times, 50).toFixed(1)} ms, raw p50 ${percentile(raw.times, 50).toFixed(1)} ms`);
  }
  return results;
}
