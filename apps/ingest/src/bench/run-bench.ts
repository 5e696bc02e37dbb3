/**
 * npm run bench -w @tribune/ingest — issue 10 §5, the ingest and dashboard benchmarks, on a broker and an embedded
 * ClickHouse of their own (or KAFKA_BROKERS + CLICKHOUSE_URL when both are set):
 *  (a) ingest end to end (Kafka → ClickHouse, exactly-once checked) beside a raw bulk insert of the same rows into
 *      the same ClickHouse, and message → queryable at a steady rate;
 *  (b) the dashboard's queries on 10 million generated messages, on the rollups and on the raw tables.
 * Figures and ratios are printed with the machine's load and this process's CPU; nothing is asserted.
 */
import { cpus, loadavg } from 'node:os';
import { randomUUID } from 'node:crypto';
import { ClickHouseLogLevel, createClient } from '@clickhouse/client';
import { CLICKHOUSE } from '@tribune/contracts';
import { benchServices } from './bench-services';
import { dashboardBench } from './dashboard-bench';
import { generateDashboardData } from './dashboard-data';
import { ingestBench } from './ingest-bench';
import { cpuSeconds, ownCpuSeconds } from './proc-cpu';

const env = process.env;
const EVENTS = Number(env.BENCH_INGEST_EVENTS ?? 200_000);
const FRESH_RATE = Number(env.BENCH_FRESH_RATE ?? 5_000);
const FRESH_SECONDS = Number(env.BENCH_FRESH_SECONDS ?? 10);
const DASHBOARD_MESSAGES = Number(env.BENCH_DASHBOARD_MESSAGES ?? 10_000_000);
const ITERATIONS = Number(env.BENCH_ITERATIONS ?? 30);
const RAW_ITERATIONS = Number(env.BENCH_RAW_ITERATIONS ?? 7);
const PARTS = (env.BENCH_PARTS ?? 'ingest,dashboard').split(',');

const log = (line: string) => process.stderr.write(`bench │ ${line}\n`);
const out = (line = '') => process.stdout.write(`${line}\n`);
const load = () => loadavg().map((x) => x.toFixed(2)).join(' ');
const f = (x: number, d = 1) => (Number.isFinite(x) ? x.toFixed(d) : '–');

async function main(): Promise<void> {
  out(`# @tribune/ingest benchmarks (node ${process.version}, ${cpus().length} cores, ${new Date().toISOString()})`);
  out(`load average at start: ${load()}`);
  const services = await benchServices(log);
  const ch = createClient({ url: services.clickhouseUrl, request_timeout: 600_000, log: { level: ClickHouseLogLevel.OFF } });
  const chCpu0 = cpuSeconds(services.pids.clickhouse);
  try {
    if (PARTS.includes('ingest')) {
      const r = await ingestBench({ brokers: services.brokers, clickhouseUrl: services.clickhouseUrl, ch, events: EVENTS, freshRate: FRESH_RATE, freshSeconds: FRESH_SECONDS, ingestPort: Number(env.BENCH_INGEST_PORT ?? 39_400), log });
      const rawRate = r.events / r.rawSeconds;
      const ingestRate = r.events / r.ingestFromReadySeconds;
      out();
      out(`## (a) ingest, ${r.events} message events (12 partitions), load average now ${load()}`);
      out(`| path | seconds | rows/s | vs raw |`);
      out(`| --- | ---: | ---: | ---: |`);
      out(`| raw bulk insert (same rows, ${r.rawInserts} inserts of ≤ 100k, one client) | ${f(r.rawSeconds, 2)} | ${f(rawRate, 0)} | 1.00 |`);
      out(`| ingest, Kafka → ClickHouse, from ready (group joined) to all rows queryable | ${f(r.ingestFromReadySeconds, 2)} | ${f(ingestRate, 0)} | ${f(ingestRate / rawRate, 2)} |`);
      out(`| ingest, from process spawn (boot + group join included) | ${f(r.ingestFromSpawnSeconds, 2)} | ${f(r.events / r.ingestFromSpawnSeconds, 0)} | ${f(r.events / r.ingestFromSpawnSeconds / rawRate, 2)} |`);
      out(`exactly once: ${r.exact.rows} rows, ${r.exact.ids} distinct ids, per-second rollup sums to ${r.exact.rollup1s}, per-minute to ${r.exact.rollup1m} (expected ${r.events} each)` + (r.exact.rows === r.events && r.exact.ids === r.events && r.exact.rollup1s === r.events && r.exact.rollup1m === r.events ? ' — exact' : ' — MISMATCH'));
      out(`ingest's inserts: ${r.inserts.count} into chat.messages (${f(r.events / r.inserts.count, 0)} rows each), ${f(r.inserts.seconds, 2)} s waiting for ClickHouse in total (${f((r.inserts.seconds / r.inserts.count) * 1000, 0)} ms each, partitions in parallel); batches aborted ${r.inserts.aborted}, redelivered events skipped ${r.inserts.alreadyLoaded}`);
      out(`ingest process CPU while loading: ${r.ingestCpuSeconds === null ? '–' : f(r.ingestCpuSeconds, 2)} s; producing the ${r.events} events took ${f(r.produceSeconds, 1)} s`);
      out(`message → queryable at ${FRESH_RATE} msg/s for ${FRESH_SECONDS} s (${r.fresh.sent} sent in ${f(r.fresh.seconds, 1)} s, ${r.fresh.rows} seen; polled every ${r.fresh.pollMs} ms): p50 ${f(r.fresh.p50, 0)} ms, p99 ${f(r.fresh.p99, 0)} ms, max ${f(r.fresh.max, 0)} ms`);
      out(`load generator (this process) CPU during (a): ${f(r.loadgenCpuSeconds, 1)} s`);
    }
    if (PARTS.includes('dashboard')) {
      const prefix = `dash${randomUUID().slice(0, 6)}`;
      const now = Date.now();
      log(`generating ${DASHBOARD_MESSAGES} messages inside ClickHouse…`);
      const cpu0 = ownCpuSeconds();
      const gen = await generateDashboardData(ch, { prefix, messages: DASHBOARD_MESSAGES, now });
      log(`generated in ${gen.seconds.toFixed(1)} s (${gen.moderation} moderation events)`);
      const [parts] = await (
        await ch.query({
          query: `SELECT sumIf(rows, table = 'messages') AS raw_rows, sumIf(rows, table = 'messages_1s') AS rows_1s, sumIf(rows, table = 'messages_1m') AS rows_1m, sumIf(rows, table = 'moderation_1m') AS mod_1m, countIf(table = 'messages_1s') AS parts_1s, countIf(table = 'messages_1m') AS parts_1m
                  FROM system.parts WHERE database = {db:String} AND active`,
          query_params: { db: CLICKHOUSE.database },
          format: 'JSONEachRow',
        })
      ).json<Record<string, string>>();
      const results = await dashboardBench(ch, { room: `${prefix}-final`, now, iterations: ITERATIONS, rawIterations: RAW_ITERATIONS, log });
      out();
      out(`## (b) dashboard queries, ${DASHBOARD_MESSAGES} messages over 24 h (${Math.round(DASHBOARD_MESSAGES / 2)} in the room charted) + ${gen.moderation} moderation events, generated in ${f(gen.seconds, 1)} s; load average now ${load()}`);
      out(`stored: ${parts?.raw_rows} raw message rows; rollup rows ${parts?.rows_1s} per second (${parts?.parts_1s} parts), ${parts?.rows_1m} per minute (${parts?.parts_1m} parts), ${parts?.mod_1m} moderation per minute`);
      out(`| chart | rollup p50 ms | rollup p95 ms | raw p50 ms | raw p95 ms | raw/rollup (p50) | raw/rollup (p95) | same answer |`);
      out(`| --- | ---: | ---: | ---: | ---: | ---: | ---: | :---: |`);
      for (const r of results) out(`| ${r.chart} | ${f(r.rollupP50)} | ${f(r.rollupP95)} | ${f(r.rawP50)} | ${f(r.rawP95)} | ${f(r.rawP50 / r.rollupP50)}× | ${f(r.rawP95 / r.rollupP95)}× | ${r.sameAnswer ? 'yes' : 'NO'} |`);
      out(`(${ITERATIONS} timed runs per rollup query, ${RAW_ITERATIONS} per raw query, each after one warm-up; HTTP round trip to the server included)`);
      out(`load generator (this process) CPU during (b): ${f(ownCpuSeconds() - cpu0, 1)} s`);
    }
    const chCpu1 = cpuSeconds(services.pids.clickhouse);
    if (chCpu0 !== null && chCpu1 !== null) out(`ClickHouse (chdb server) CPU over the whole run: ${f(chCpu1 - chCpu0, 1)} s`);
    out(`load average at end: ${load()}`);
  } finally {
    await ch.close();
    await services.stop();
  }
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    log(`failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    process.exit(1);
  },
);
