import { cpus, loadavg } from 'node:os';
import { cpuPercent, cpuSample, rssBytes } from '../report/proc-stats';
import { percentile } from '../report/percentile';
import { formatStormTable, formatTable, type Row, type StormRow } from '../report/table';
import { PacedSender } from '../sender/paced-sender';
import { benchStack, type BenchStack } from '../stack/bench-stack';
import type { BenchSystem } from '../systems/bench-system';
import { startRawPeer, startSocketIoPeer } from '../systems/raw-peer-system';
import { startTribune } from '../systems/tribune-system';
import { sourceAddress } from '../worker/source-address';
import { MAX_VIEWERS_PER_WORKER, ViewerPool } from '../worker/viewer-pool';

// `npm run bench:load`: issue 7's scenarios against Tribune's chat nodes and, in the same run with the same load
// generator, the raw `ws` + Redis batched peer (the ceiling). Bounded in count and time; loopback only; stops by itself.
//   1  N viewers over two servers, one sender at several rates        4  a reconnect storm (Tribune only)
//   2  20k viewers at the highest rate that holds (a search)          3  5k viewers, 200 senders × 1 msg/s (Kafka acks)
//   5  1,000 slow readers among 9,000 fast ones at one rate

const env = process.env;
const num = (name: string, fallback: number) => Number(env[name] ?? fallback);
const list = (name: string, fallback: string) => (env[name] ?? fallback).split(',').map((x) => x.trim()).filter(Boolean);
const SCENARIOS = new Set(list('BENCH_SCENARIOS', '1,2,3,4,5'));
const VIEWERS = num('BENCH_VIEWERS', 10_000);
const RATES = list('BENCH_RATES', '10,50,100,200').map(Number);
const SECONDS = num('BENCH_SECONDS', 8);
/** `tribune` (overload policy above the rates, to measure delivery), `tribune-sampled` (default policy), `raw`, `socketio`. */
const SYSTEMS = list('BENCH_SYSTEMS', 'tribune,raw,socketio');
const MAX_SECONDS = num('BENCH_MAX_SECONDS', 3600);
/** Scenario 4 on the `tribune` systems: every viewer drops and rejoins with `since` within this many seconds (0: off). */
const STORM_SECONDS = num('BENCH_STORM_SECONDS', 10);
const STORM_RATE = 10;
/** Scenario 2: viewers, the rates tried upwards until one fails, and what "holds" means. */
const S2_VIEWERS = num('BENCH_S2_VIEWERS', 20_000);
const S2_RATES = list('BENCH_S2_RATES', '25,50,100,200,400').map(Number);
const S2_MAX_P99_MS = num('BENCH_S2_MAX_P99_MS', 1000);
/** Scenario 3: viewers, senders, each sender's rate. */
const S3_VIEWERS = num('BENCH_S3_VIEWERS', 5000);
const S3_SENDERS = num('BENCH_S3_SENDERS', 200);
const S3_RATE_EACH = num('BENCH_S3_RATE_EACH', 1);
/** Scenario 5: fast and slow viewers and the rate. */
const S5_FAST = num('BENCH_S5_FAST', 9000);
const S5_SLOW = num('BENCH_S5_SLOW', 1000);
const S5_RATE = num('BENCH_S5_RATE', 100);
/** Long enough for a reader that never reads to pass the kernel's socket buffers (~200 KB on loopback) and the bound. */
const S5_SECONDS = num('BENCH_S5_SECONDS', 20);
/**
 * The nodes' MAX_BUFFERED_BYTES in scenario 5 (its own two nodes): above the largest frame (a batch of 100 messages,
 * a `joined` with 50), below the default 1 MiB. On loopback the kernel takes ~4 MB into a socket whose reader stopped
 * before the node's own queue grows at all (measured: a paused `ws` client, 1 KB frames), so a slow reader is cut after
 * ~4 MB + this: minutes at ~170-byte messages; BENCH_S5_TEXT_BYTES makes the texts longer to get there in the step.
 */
const S5_MAX_BUFFERED = num('BENCH_S5_MAX_BUFFERED_BYTES', 256 * 1024);
/** Extra bytes per text in scenario 5 (0: the usual ~170-byte messages; at most the protocol's 2,000 characters). */
const S5_TEXT_BYTES = num('BENCH_S5_TEXT_BYTES', 0);
const PROBE_EVERY = 20;
const SENDER_MAX_PENDING = 500;
/** The one sender of scenarios 1, 2, 4 and 5 talks far above any viewer's rate: a broadcaster, exempt from spam rules. */
const BROADCASTER = ['broadcaster'];

const log = (line: string) => process.stderr.write(`bench │ ${line}\n`);
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

let stack: BenchStack | null = null;
const cleanups: (() => Promise<void>)[] = [];

/** `BENCH_CPU_PROF_DIR`: the chat nodes write a V8 CPU profile there when they stop (`node --cpu-prof`). */
const cpuProfDir = env.BENCH_CPU_PROF_DIR;

async function startSystem(name: string, stackEnv: Record<string, string>, extra: Record<string, string> = {}): Promise<BenchSystem> {
  // One sender at up to 200+ msg/s with acks taking a few hundred ms on a busy machine needs more
  // than the default 32 sends in flight on its connection.
  // The same for its frame budget (50/s by default, cut at twice it): the one sender stands for a room's many.
  const sends = { MAX_PENDING_SENDS: String(SENDER_MAX_PENDING + 12), MAX_FRAMES_PER_SECOND: '2000', MAX_FRAME_BURST: '4000', ...extra };
  if (name === 'tribune') return startTribune(name, stackEnv, { cpuProfDir, env: { ...sends, ...cluster(stackEnv), DELIVERY_MAX_VIEWER_RATE: '100000' } });
  if (name === 'tribune-sampled') return startTribune(name, stackEnv, { cpuProfDir, env: { ...sends, ...cluster(stackEnv) } });
  if (name === 'raw') return startRawPeer(name, stackEnv.REDIS_URL ?? 'redis://127.0.0.1:6379');
  if (name === 'socketio') return startSocketIoPeer(name, stackEnv.REDIS_URL ?? 'redis://127.0.0.1:6379');
  throw new Error(`unknown system ${name} (tribune, tribune-sampled, raw, socketio)`);
}

/**
 * BENCH_REDIS_CLUSTER=1: Tribune's nodes on the stack's Redis Cluster (REDIS_CLUSTER_URL, from a test stack started
 * with TEST_REDIS_CLUSTER=1 or the bench's own stack), rooms on sharded pub/sub. The peers stay on the single Redis.
 */
function cluster(stackEnv: Record<string, string>): Record<string, string> {
  if (env.BENCH_REDIS_CLUSTER !== '1') return {};
  if (!stackEnv.REDIS_CLUSTER_URL) throw new Error('BENCH_REDIS_CLUSTER=1 but the stack has no REDIS_CLUSTER_URL (start the test stack with TEST_REDIS_CLUSTER=1)');
  return { REDIS_CLUSTER: '1', REDIS_URL: stackEnv.REDIS_CLUSTER_URL };
}

const stormRows: StormRow[] = [];
/** Lines said after the table: the outcome of the rate search, the slow readers. */
const notes: string[] = [];

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
  const reasons = Object.entries(result.failureReasons).sort((a, b) => b[1] - a[1]);
  if (reasons.length > 0) log(`${name} storm: failed attempts by reason: ${reasons.map(([k, v]) => `${k} ×${v}`).join(', ')}`);
}

/** Viewers for one scenario: a pool of workers, joined to the scenario's room, and the idle memory they cost. */
interface Audience {
  pool: ViewerPool;
  room: string;
  joined: number;
  idleKbPerConnection: number;
}

async function audience(name: string, system: BenchSystem, viewers: number, room: string): Promise<Audience> {
  const rssBefore = system.pids.reduce((n, pid) => n + rssBytes(pid), 0);
  const pool = ViewerPool.start(Math.max(2, Math.ceil(viewers / MAX_VIEWERS_PER_WORKER)));
  cleanups.push(() => pool.close());
  const connected = await pool.connect(system.urls, viewers, room, PROBE_EVERY, system.dialect);
  log(`${name} ${room}: ${connected.ok} viewers joined (${connected.failed} failed) in ${(connected.ms / 1000).toFixed(1)} s`);
  await sleep(2000);
  const rssIdle = system.pids.reduce((n, pid) => n + rssBytes(pid), 0);
  return { pool, room, joined: connected.ok, idleKbPerConnection: connected.ok > 0 ? (rssIdle - rssBefore) / 1024 / connected.ok : 0 };
}

/** One step: `sender` at `rate` for SECONDS, then until what is in flight arrived; one table row. */
async function step(scenario: string, name: string, system: BenchSystem, { pool, idleKbPerConnection }: Audience, sender: PacedSender, rate: number, seconds = SECONDS, padBytes = 0): Promise<Row> {
  await pool.reset();
  const counters0 = await system.deliveryCounters();
  const cpu0 = system.pids.map(cpuSample);
  const self0 = process.cpuUsage();
  const startedAt = Date.now();
  const sent = await sender.run(rate, seconds, padBytes);
  const sentUntil = Date.now() - sent.ackTailMs;
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
  const elapsed = Math.max(seconds, (report.lastMessageAt - startedAt) / 1000);
  const cpu1 = system.pids.map(cpuSample);
  const self = process.cpuUsage(self0);
  const expected = sent.sent * report.viewers;
  const counters1 = await system.deliveryCounters();
  const sampledOut = counters0 && counters1 ? counters1.sampledOut - counters0.sampledOut : 0;
  const written = counters0 && counters1 ? counters1.deliveries - counters0.deliveries : 0;
  const row: Row = {
    scenario,
    system: name,
    viewers: report.viewers,
    rate,
    sent: sent.sent,
    sentRate: sent.sent / seconds,
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
    idleKbPerConnection,
    loadgenCpu: report.cpuPercent + ((self.user + self.system) / 1000 / (Date.now() - startedAt)) * 100,
    load1: loadavg()[0] ?? 0,
    closed: report.closedByServer,
    sampledPercent: counters0 && counters1 ? (sampledOut / Math.max(1, sampledOut + written)) * 100 : null,
    messagesPerBatch: counters0 && counters1 && counters1.batches > counters0.batches ? (sent.sent * 2) / (counters1.batches - counters0.batches) : null,
    drainMs: report.lastMessageAt > 0 ? Math.max(0, report.lastMessageAt - sentUntil) : Number.NaN,
    slowCut: null,
  };
  log(`${name} scenario ${scenario} @ ${rate} msg/s: ${(row.deliveriesPerSecond / 1000).toFixed(0)}k deliveries/s, ${row.deliveredPercent.toFixed(1)}% delivered, p99 ${row.p99} ms, ack p99 ${Math.round(row.ackP99)} ms, drained ${Math.round(row.drainMs)} ms after the last send${Object.keys(sent.refused).length > 0 ? `; refused: ${JSON.stringify(sent.refused)}` : ''}`);
  return row;
}

/**
 * Before a system's first measured step: a few messages at 5 msg/s, not measured, then a second for their deliveries
 * to land (each step starts from zero). A cold node's first transaction waits for Kafka's transaction coordinator and
 * its first sends for the JIT; without this the first row (the quietest rate) measured start-up, not delivery.
 */
async function warmUp(sender: PacedSender): Promise<void> {
  await sender.run(5, 2);
  await sleep(1000);
}

async function done(aud: Audience, ...senders: PacedSender[]): Promise<void> {
  for (const s of senders) s.close();
  await aud.pool.close();
}

/** Scenarios 1 and 4: one sender at each rate, then (Tribune) the reconnect storm. */
async function scenario1(name: string, system: BenchSystem): Promise<Row[]> {
  const aud = await audience(name, system, VIEWERS, 'bench-1');
  const sender = await PacedSender.connect(await system.senderUrl(0, BROADCASTER), aud.room, SENDER_MAX_PENDING, system.dialect);
  await warmUp(sender);
  const rows: Row[] = [];
  if (SCENARIOS.has('1')) for (const rate of RATES) rows.push(await step('1', name, system, aud, sender, rate));
  if (SCENARIOS.has('4') && name.startsWith('tribune') && STORM_SECONDS > 0) await storm(name, system, aud.pool, sender);
  await done(aud, sender);
  return rows;
}

/** A step holds when every message reached every viewer (or its sample, where the policy is on) within the p99 bound. */
function holds(row: Row): boolean {
  return (row.deliveredPercent >= 99.9 || (row.sampledPercent ?? 0) > 0) && row.closed === 0 && row.p99 <= S2_MAX_P99_MS;
}

/**
 * Scenario 2: S2_VIEWERS viewers; rates upwards until one fails (or, when the first already fails, halved down to
 * 5 msg/s), then the midpoint between the last that held and the first that failed above it.
 */
async function scenario2(name: string, system: BenchSystem): Promise<Row[]> {
  const aud = await audience(name, system, S2_VIEWERS, 'bench-2');
  const sender = await PacedSender.connect(await system.senderUrl(0, BROADCASTER), aud.room, SENDER_MAX_PENDING, system.dialect);
  await warmUp(sender);
  const rows: Row[] = [];
  let best: number | null = null;
  let failed: number | null = null;
  for (const rate of S2_RATES) {
    const row = await step('2', name, system, aud, sender, rate);
    rows.push(row);
    if (holds(row)) best = rate;
    else {
      failed = rate;
      break;
    }
  }
  // Not even the first held: halve down to 5 msg/s, at most three more steps.
  for (let rate = Math.floor((S2_RATES[0] ?? 10) / 2), tries = 0; best === null && rate >= 5 && tries < 3; rate = Math.floor(rate / 2), tries++) {
    const row = await step('2', name, system, aud, sender, rate);
    rows.push(row);
    if (holds(row)) best = rate;
    else failed = rate;
  }
  if (failed !== null && best !== null && failed - best > 1) {
    const mid = Math.round((best + failed) / 2);
    const row = await step('2', name, system, aud, sender, mid);
    rows.push(row);
    if (holds(row)) best = mid;
  }
  notes.push(`scenario 2, ${name}: ${aud.joined} viewers — highest rate that holds (≥ 99.9 % delivered or sampled by policy, none cut, p99 ≤ ${S2_MAX_P99_MS} ms): ${best === null ? `none of ${rows.map((r) => r.rate).join('/')}` : `${best} msg/s`}${failed === null ? ' (every rate tried held)' : ''}`);
  await done(aud, sender);
  return rows;
}

/** Scenario 3: S3_SENDERS ordinary viewers (spam rules on) each at S3_RATE_EACH msg/s into S3_VIEWERS viewers. */
async function scenario3(name: string, system: BenchSystem): Promise<Row[]> {
  const aud = await audience(name, system, S3_VIEWERS, 'bench-3');
  // Sender addresses after the viewers', so both stay under the per-address cap.
  const urls = await Promise.all(Array.from({ length: S3_SENDERS }, (_, i) => system.senderUrl(i, [])));
  const sender = await PacedSender.connectMany(urls.map((url, i) => ({ url, localAddress: sourceAddress(S3_VIEWERS + i) })), aud.room, 32, system.dialect);
  log(`${name} bench-3: ${sender.count} senders joined`);
  await warmUp(sender);
  const row = await step('3', name, system, aud, sender, S3_SENDERS * S3_RATE_EACH);
  await done(aud, sender);
  return [row];
}

/** Scenario 5: S5_FAST viewers at S5_RATE, then again with S5_SLOW slow readers among them. */
async function scenario5(name: string, system: BenchSystem): Promise<Row[]> {
  const aud = await audience(name, system, S5_FAST, 'bench-5');
  const sender = await PacedSender.connect(await system.senderUrl(0, BROADCASTER), aud.room, SENDER_MAX_PENDING, system.dialect);
  await warmUp(sender);
  const alone = await step('5 fast only', name, system, aud, sender, S5_RATE, S5_SECONDS, S5_TEXT_BYTES);
  const opened = await aud.pool.openSlow(system.urls, S5_SLOW, aud.room, S5_FAST, system.dialect);
  log(`${name} bench-5: ${opened.ok} slow readers joined (${opened.failed} failed)`);
  const cuts0 = (await system.deliveryCounters())?.slowReaderCuts ?? null;
  const withSlow = await step(`5 +${S5_SLOW} slow`, name, system, aud, sender, S5_RATE, S5_SECONDS, S5_TEXT_BYTES);
  const cuts1 = (await system.deliveryCounters())?.slowReaderCuts ?? null;
  const slow = await aud.pool.slowCheck();
  // Closed by the node: with 4009, or 1006 when the close frame could not get past the unread data and the node
  // terminated the socket a second later (what happens on loopback, where ~4 MB sit in the kernel before it).
  withSlow.slowCut = `${slow.cut + slow.otherClose}/${slow.slow}`;
  notes.push(
    `scenario 5, ${name}: ${slow.slow} slow readers — ${slow.cut} closed with SLOW_READER (4009), ${slow.otherClose} otherwise (1006: terminated behind their unread data), ${slow.open} still open when they read again` +
      (cuts0 !== null && cuts1 !== null ? `; the servers counted ${cuts1 - cuts0} slow-reader cuts` : '') +
      `; fast readers' p99 ${Math.round(alone.p99)} ms alone, ${Math.round(withSlow.p99)} ms with them`,
  );
  await done(aud, sender);
  return [alone, withSlow];
}

async function runSystem(name: string, stackEnv: Record<string, string>): Promise<Row[]> {
  const rows: Row[] = [];
  if (['1', '2', '3', '4'].some((x) => SCENARIOS.has(x))) {
    log(`${name}: starting two servers`);
    const system = await startSystem(name, stackEnv);
    cleanups.push(() => system.stop());
    if (SCENARIOS.has('1') || SCENARIOS.has('4')) rows.push(...(await scenario1(name, system)));
    if (SCENARIOS.has('2')) rows.push(...(await scenario2(name, system)));
    if (SCENARIOS.has('3')) rows.push(...(await scenario3(name, system)));
    await system.stop();
    cleanups.length = 0;
  }
  if (SCENARIOS.has('5')) {
    // Its own two servers: the buffer bound set so that a reader that stopped passes it within the step.
    log(`${name}: starting two servers for scenario 5 (MAX_BUFFERED_BYTES=${S5_MAX_BUFFERED})`);
    const bounded = await startSystem(name, stackEnv, { MAX_BUFFERED_BYTES: String(S5_MAX_BUFFERED) });
    cleanups.push(() => bounded.stop());
    rows.push(...(await scenario5(name, bounded)));
    await bounded.stop();
    cleanups.length = 0;
  }
  return rows;
}

async function main(): Promise<void> {
  const bound = setTimeout(() => {
    log(`time bound of ${MAX_SECONDS} s reached: stopping`);
    shutdown(2).catch(() => process.exit(2));
  }, MAX_SECONDS * 1000);
  bound.unref();
  stack = await benchStack(log);
  log(`stack ${stack.owned ? 'started for the run' : 'from the environment'}; scenarios ${[...SCENARIOS].join(',')}; ${VIEWERS} viewers, rates ${RATES.join('/')} msg/s, ${SECONDS} s each, systems ${SYSTEMS.join(', ')}`);
  const rows: Row[] = [];
  for (const name of SYSTEMS) rows.push(...(await runSystem(name, stack.env)));
  process.stdout.write(`\n${formatTable(rows)}\n`);
  if (notes.length > 0) process.stdout.write(`\n${notes.join('\n')}\n`);
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
