import { cpus, loadavg } from 'node:os';
import { cpuPercent, cpuSample, rssBytes } from '../report/proc-stats';
import { percentile } from '../report/percentile';
import { formatStormTable, formatTable, type Row, type StormRow } from '../report/table';
import { PacedSender } from '../sender/paced-sender';
import { benchStack, type BenchStack } from '../stack/bench-stack';
import type { BenchSystem } from '../systems/bench-system';
import { startRawPeer } from '../systems/raw-peer-system';
import { startTribune } from '../systems/tribune-system';
import { MAX_VIEWERS_PER_WORKER, ViewerPool } from '../worker/viewer-pool';

// `npm run bench:load`: scenario 1 of issue 7 — N viewers over two servers, one sender at several
// rates — against Tribune's chat nodes and, in the same run with the same load generator, the raw
// `ws` + Redis batched peer (the ceiling). Bounded in count and time; loopback only; stops by itself.

const env = process.env;
const VIEWERS = Number(env.BENCH_VIEWERS ?? 10_000);
const RATES = (env.BENCH_RATES ?? '10,50,100,200').split(',').map(Number);
const SECONDS = Number(env.BENCH_SECONDS ?? 8);
/** `tribune` (overload policy above the rates, to measure delivery), `tribune-sampled` (default policy), `raw`. */
const SYSTEMS = (env.BENCH_SYSTEMS ?? 'tribune,raw').split(',');
const MAX_SECONDS = Number(env.BENCH_MAX_SECONDS ?? 1200);
/** Scenario 4 on the `tribune` systems: every viewer drops and rejoins with `since` within this many seconds (0: off). */
const STORM_SECONDS = Number(env.BENCH_STORM_SECONDS ?? 10);
const STORM_RATE = 10;
const PROBE_EVERY = 20;
const SENDER_MAX_PENDING = 500;
const ROOM = 'bench';

const log = (line: string) => process.stderr.write(`bench │ ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let stack: BenchStack | null = null;
const cleanups: (() => Promise<void>)[] = [];

/** `BENCH_CPU_PROF_DIR`: the chat nodes write a V8 CPU profile there when they stop (`node --cpu-prof`). */
const cpuProfDir = env.BENCH_CPU_PROF_DIR;

async function startSystem(name: string, stackEnv: Record<string, string>): Promise<BenchSystem> {
  // One sender at up to 200+ msg/s with acks taking a few hundred ms on a busy machine needs more
  // than the default 32 sends in flight on its connection.
  const sends = { MAX_PENDING_SENDS: String(SENDER_MAX_PENDING + 12) };
  if (name === 'tribune') return startTribune(name, stackEnv, { cpuProfDir, env: { ...sends, DELIVERY_MAX_VIEWER_RATE: '100000' } });
  if (name === 'tribune-sampled') return startTribune(name, stackEnv, { cpuProfDir, env: sends });
  if (name === 'raw') return startRawPeer(name, stackEnv.REDIS_URL ?? 'redis://127.0.0.1:6379');
  throw new Error(`unknown system ${name} (tribune, tribune-sampled, raw)`);
}

const stormRows: StormRow[] = [];

/** A reconnect storm while one sender talks at STORM_RATE: all rejoin, with what they missed? */
async function storm(name: string, system: BenchSystem, pool: ViewerPool, sender: PacedSender): Promise<void> {
  await pool.reset();
  const cpu0 = system.pids.map(cpuSample);
  const sending = sender.run(STORM_RATE, STORM_SECONDS + 4);
  await sleep(2000);
  const result = await pool.storm(STORM_SECONDS * 1000);
  const sent = await sending;
  const deadline = performance.now() + 5000;
  let report = await pool.report(sent.sent, true);
  while (report.complete < report.viewers && performance.now() < deadline) {
    await sleep(200);
    report = await pool.report(sent.sent, true);
  }
  const cpu1 = system.pids.map(cpuSample);
  stormRows.push({
    system: name,
    viewers: report.viewers,
    withinSeconds: STORM_SECONDS,
    rejoined: result.rejoined,
    failed: result.failed,
    retries: result.retries,
    recovered: result.recovered,
    notRecovered: result.notRecovered,
    joinP50: percentile(result.joinMs, 50),
    joinP99: percentile(result.joinMs, 99),
    lastRejoinSeconds: result.lastRejoinMs / 1000,
    completeViewersPercent: report.viewers > 0 ? (report.complete / report.viewers) * 100 : 0,
    deliveredPercent: sent.sent > 0 ? (report.messages / (sent.sent * report.viewers)) * 100 : 0,
    nodeCpu: cpu0.map((c, i) => cpuPercent(c, cpu1[i]!)),
    load1: loadavg()[0] ?? 0,
  });
  log(`${name} storm: ${result.rejoined} rejoined, ${result.failed} gave up, ${result.retries} retries, ${result.recovered} recovered, ${stormRows.at(-1)!.completeViewersPercent.toFixed(1)}% viewers complete`);
}

async function runSystem(name: string, stackEnv: Record<string, string>): Promise<Row[]> {
  log(`${name}: starting two servers`);
  const system = await startSystem(name, stackEnv);
  cleanups.push(() => system.stop());
  const rssBefore = system.pids.reduce((n, pid) => n + rssBytes(pid), 0);
  const pool = ViewerPool.start(Math.max(2, Math.ceil(VIEWERS / MAX_VIEWERS_PER_WORKER)));
  cleanups.push(() => pool.close());
  const connected = await pool.connect(system.urls, VIEWERS, ROOM, PROBE_EVERY);
  log(`${name}: ${connected.ok} viewers joined (${connected.failed} failed) in ${(connected.ms / 1000).toFixed(1)} s`);
  await sleep(2000);
  const rssIdle = system.pids.reduce((n, pid) => n + rssBytes(pid), 0);
  const sender = await PacedSender.connect(await system.senderUrl(), ROOM, SENDER_MAX_PENDING);
  const rows: Row[] = [];
  for (const rate of RATES) {
    await pool.reset();
    const counters0 = await system.deliveryCounters();
    const cpu0 = system.pids.map(cpuSample);
    const self0 = process.cpuUsage();
    const startedAt = Date.now();
    const sent = await sender.run(rate, SECONDS);
    // Let what is in flight arrive: until every viewer has every message, or (a sampled room, or a
    // system that fell behind) nothing new arrived for a second, at most 5 s more. Cheap polls.
    const deadline = performance.now() + 5000;
    let last = await pool.report(sent.sent, true);
    let quietSince = performance.now();
    while (last.complete < last.viewers && performance.now() < deadline && performance.now() - quietSince < 1000) {
      await sleep(200);
      const next = await pool.report(sent.sent, true);
      if (next.messages > last.messages) quietSince = performance.now();
      last = next;
    }
    const report = await pool.report(sent.sent);
    // Deliveries per second over the window in which they happened: first send to last receipt.
    const elapsed = Math.max(SECONDS, (report.lastMessageAt - startedAt) / 1000);
    const cpu1 = system.pids.map(cpuSample);
    const self = process.cpuUsage(self0);
    const expected = sent.sent * report.viewers;
    const counters1 = await system.deliveryCounters();
    const sampledOut = counters0 && counters1 ? counters1.sampledOut - counters0.sampledOut : 0;
    const written = counters0 && counters1 ? counters1.deliveries - counters0.deliveries : 0;
    rows.push({
      system: name,
      viewers: report.viewers,
      rate,
      sent: sent.sent,
      sentRate: sent.sent / SECONDS,
      deliveriesPerSecond: report.messages / elapsed,
      framesPerSecond: report.frames / elapsed,
      deliveredPercent: expected > 0 ? (report.messages / expected) * 100 : 0,
      completeViewersPercent: report.viewers > 0 ? (report.complete / report.viewers) * 100 : 0,
      p50: percentile(report.latencies, 50),
      p95: percentile(report.latencies, 95),
      p99: percentile(report.latencies, 99),
      ackP50: percentile(sent.ackLatencies, 50),
      ackP99: percentile(sent.ackLatencies, 99),
      nodeCpu: cpu0.map((c, i) => cpuPercent(c, cpu1[i]!)),
      nodeRssMb: system.pids.map((pid) => rssBytes(pid) / 1024 / 1024),
      idleKbPerConnection: connected.ok > 0 ? (rssIdle - rssBefore) / 1024 / connected.ok : 0,
      loadgenCpu: report.cpuPercent + ((self.user + self.system) / 1000 / (Date.now() - startedAt)) * 100,
      load1: loadavg()[0] ?? 0,
      closed: report.closedByServer,
      sampledPercent: counters0 && counters1 ? (sampledOut / Math.max(1, sampledOut + written)) * 100 : null,
      messagesPerBatch: counters0 && counters1 && counters1.batches > counters0.batches ? (sent.sent * 2) / (counters1.batches - counters0.batches) : null,
    });
    log(`${name} @ ${rate} msg/s: ${(report.messages / elapsed / 1000).toFixed(0)}k deliveries/s, ${rows.at(-1)!.deliveredPercent.toFixed(1)}% delivered, p99 ${rows.at(-1)!.p99} ms`);
  }
  if (name === 'tribune' && STORM_SECONDS > 0) await storm(name, system, pool, sender);
  sender.close();
  await pool.close();
  await system.stop();
  cleanups.length = 0;
  return rows;
}

async function main(): Promise<void> {
  const bound = setTimeout(() => {
    log(`time bound of ${MAX_SECONDS} s reached: stopping`);
    shutdown(2).catch(() => process.exit(2));
  }, MAX_SECONDS * 1000);
  bound.unref();
  stack = await benchStack(log);
  log(`stack ${stack.owned ? 'started for the run' : 'from the environment'}; ${VIEWERS} viewers, rates ${RATES.join('/')} msg/s, ${SECONDS} s each, systems ${SYSTEMS.join(', ')}`);
  const rows: Row[] = [];
  for (const name of SYSTEMS) rows.push(...(await runSystem(name, stack.env)));
  process.stdout.write(`\n${formatTable(rows)}\n`);
  if (stormRows.length > 0) process.stdout.write(`\nreconnect storm (one sender at ${STORM_RATE} msg/s meanwhile):\n\n${formatStormTable(stormRows)}\n`);
  process.stdout.write(`\nmachine: ${cpus().length} cores (${cpus()[0]?.model ?? '?'}), load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}\n`);
  await shutdown(0);
}

async function shutdown(code: number): Promise<void> {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup().catch(() => undefined);
  await stack?.stop();
  process.exit(code);
}

process.on('SIGINT', () => {
  shutdown(130).catch(() => process.exit(130));
});
process.on('SIGTERM', () => {
  shutdown(143).catch(() => process.exit(143));
});
main().catch((err: unknown) => {
  log(`failed: ${err instanceof Error ? err.stack : String(err)}`);
  shutdown(1).catch(() => process.exit(1));
});
