/**
 * npm run bench -w @tribune/chat-node
 * The flood rules' cost on the send path of one node at 5,000 messages/s, with their state in Redis (the
 * shared store every node uses) beside the node-local memory store, measured in the same run: time per message
 * from "frame in" to decision (the engine's prepare → flood store → decide), Redis round trips per message, the
 * machine's load and this process's CPU. Figures are printed, never asserted.
 */
import { cpus, loadavg } from 'node:os';
import { Redis } from 'ioredis';
import { redisNames } from '@tribune/contracts';
import { answerFromMemory, compile, createSpamState, decide, defaultSpamPolicy, DEFAULT_EXEMPT_ROLES, prepare, type FloodQuery, type FloodResult, type MessageInput } from '@tribune/moderation';
import { RedisFloodStore } from '../flood/redis-flood-store';
import { seededRandom } from '../delivery/seeded-random';

const RATE = Number(process.env.BENCH_RATE ?? 5_000);
const SECONDS = Number(process.env.BENCH_SECONDS ?? 3);
const ROUNDS = Number(process.env.BENCH_ROUNDS ?? 4);
const redisUrl = process.env.REDIS_URL ?? 'redis://127.0.0.1:6379';
const prefix = `tribune-bench-${process.pid}`;

// The default policy (rate, duplicate, repetition, raid) plus a slow mode in one room: every kind of flood rule.
const compiled = compile({
  spam: [...defaultSpamPolicy(), { id: 'slow', kind: 'slow_mode', seconds: 2, roomId: 'room-3' }],
  exemptRoles: [...DEFAULT_EXEMPT_ROLES],
});

/** A deterministic chat: 5,000 users in 4 rooms, varied texts, a few flooders repeating one line, short reactions. */
function makeMessages(n: number): Omit<MessageInput, 'ts'>[] {
  const rand = seededRandom(99);
  const words = ['pass', 'shot', 'keeper', 'corner', 'offside', 'referee', 'header', 'volley', 'tackle', 'press', '골', '대박', '진짜', '패스', '슛', '키퍼', '심판', '오프사이드', 'what', 'a', 'game', 'tonight', 'again', 'wow'];
  const reactions = ['gg', 'ㅋㅋㅋ', 'GOAL!!', '골!!', 'lol', '😂😂😂'];
  const flood = 'BUY CHEAP GOLD at goldshop dot com, best prices, fast delivery';
  return Array.from({ length: n }, () => {
    const r = rand();
    const userId = r < 0.05 ? `flooder-${Math.floor(rand() * 5)}` : `user-${Math.floor(rand() * 5_000)}`;
    const text = r < 0.05 ? flood : rand() < 0.15 ? reactions[Math.floor(rand() * reactions.length)]! : Array.from({ length: 4 + Math.floor(rand() * 6) }, () => words[Math.floor(rand() * words.length)]).join(' ');
    return { text, userId, roles: [], room: `room-${Math.floor(rand() * 4)}` };
  });
}


interface Result {
  name: string;
  times: Float64Array;
  seconds: number;
  cpuMs: number;
  refused: number;
  roundTrips?: number;
}

type Answer = (q: FloodQuery) => FloodResult[] | Promise<FloodResult[]>;

/**
 * Open loop: messages are handed in at RATE per second (in 1 ms ticks, as a node's I/O turns would), each timed
 * from hand-in to decision. A store that cannot keep up shows it as growing times, not as a lower rate.
 */
async function openLoop(name: string, answer: Answer | null, messages: readonly Omit<MessageInput, 'ts'>[], offset: number, extra?: () => number): Promise<Result> {
  const total = Math.floor(RATE * SECONDS);
  const times = new Float64Array(total);
  let issued = 0;
  let done = 0;
  let refused = 0;
  const started = performance.now();
  const cpu0 = process.cpuUsage();
  await new Promise<void>((resolve) => {
    const finish = (i: number, t0: number, decision: { action: string }) => {
      times[i] = performance.now() - t0;
      if (decision.action !== 'allow') refused++;
      if (++done === total) resolve();
    };
    const tick = setInterval(() => {
      const due = Math.min(total, Math.floor(((performance.now() - started) / 1000) * RATE));
      for (; issued < due; issued++) {
        const i = issued;
        const t0 = performance.now();
        const m = messages[(offset + i) % messages.length]!;
        const p = prepare({ ...m, ts: Date.now() }, compiled);
        if (!p.flood || answer === null) {
          finish(i, t0, decide(p, null));
          continue;
        }
        const r = answer(p.flood);
        if (Array.isArray(r)) finish(i, t0, decide(p, r));
        else
          void r.then(
            (results) => finish(i, t0, decide(p, results)),
            (err: unknown) => {
              console.error(err);
              process.exit(1);
            },
          );
      }
      if (issued >= total) clearInterval(tick);
    }, 1);
  });
  const cpu = process.cpuUsage(cpu0);
  return { name, times, seconds: (performance.now() - started) / 1000, cpuMs: (cpu.user + cpu.system) / 1000, refused, roundTrips: extra?.() };
}

function pct(times: Float64Array, q: number): number {
  const s = Float64Array.from(times).sort();
  return s[Math.min(s.length - 1, Math.floor(s.length * q))]!;
}

const ms = (x: number) => x.toFixed(3);

async function main(): Promise<void> {
  const load0 = loadavg();
  console.log(`# @tribune/chat-node flood-state benchmark (node ${process.version}, ${cpus().length} cores, ${new Date().toISOString()})`);
  console.log(`load average at start ${load0.map((x) => x.toFixed(2)).join(' ')}; Redis ${redisUrl} (keys under ${prefix}:, deleted after)\n`);
  const perRun = Math.floor(RATE * SECONDS);
  const messages = makeMessages(perRun * ROUNDS);
  const redis = new Redis(redisUrl);
  const names = redisNames(prefix);
  let trips = 0;
  let carried = 0;
  const store = new RedisFloodStore(redis, names, {
    timeoutMs: 5_000,
    onRoundTrip: (n) => {
      trips++;
      carried += n;
    },
  });
  await store.loadScript();
  const stats = async () => {
    const info = await redis.info('commandstats');
    const calls = (cmd: string) => Number(new RegExp(`cmdstat_${cmd}:calls=(\\d+)`).exec(info)?.[1] ?? 0);
    const usec = Number(/cmdstat_evalsha:calls=\d+,usec=(\d+)/.exec(info)?.[1] ?? 0);
    return { evalsha: calls('evalsha'), eval: calls('eval'), usec };
  };

  // Warm-up of every path (JIT, the script cache, connection buffers), not measured.
  for (let i = 0; i < 5_000; i++) {
    const p = prepare({ ...messages[i]!, ts: Date.now() }, compiled);
    if (p.flood) decide(p, answerFromMemory(p.flood, createSpamState()));
  }
  await Promise.all(messages.slice(0, 2_000).map(async (m) => {
    const p = prepare({ ...m, userId: `warm-${m.userId}`, ts: Date.now() }, compiled);
    if (p.flood) decide(p, await store.answer(p.flood));
  }));

  // Rounds alternate the stores so a load spike on this shared machine hits them alike.
  const state = createSpamState({ maxUsers: 100_000 });
  const runs: Record<'baseline' | 'memory' | 'shared', Result[]> = { baseline: [], memory: [], shared: [] };
  const before = await stats();
  trips = 0;
  carried = 0;
  for (let round = 0; round < ROUNDS; round++) {
    const offset = round * perRun;
    runs.baseline.push(await openLoop('no flood state (words + per-message rules only)', null, messages, offset));
    runs.memory.push(await openLoop('node-local memory (peer)', (q) => answerFromMemory(q, state), messages, offset));
    const t0 = trips;
    runs.shared.push(await openLoop('Redis (flood.lua, one pipeline per turn)', (q) => store.answer(q), messages, offset, () => trips - t0));
  }
  const after = await stats();
  const sharedCarried = carried;
  const merge = (rs: Result[]): Result => {
    const times = new Float64Array(rs.reduce((a, r) => a + r.times.length, 0));
    let at = 0;
    for (const r of rs) {
      times.set(r.times, at);
      at += r.times.length;
    }
    return {
      name: rs[0]!.name,
      times,
      seconds: rs.reduce((a, r) => a + r.seconds, 0),
      cpuMs: rs.reduce((a, r) => a + r.cpuMs, 0),
      refused: rs.reduce((a, r) => a + r.refused, 0),
      roundTrips: rs[0]!.roundTrips === undefined ? undefined : rs.reduce((a, r) => a + (r.roundTrips ?? 0), 0),
    };
  };
  const baseline = merge(runs.baseline);
  const memory = merge(runs.memory);
  const shared = merge(runs.shared);
  const roundP99 = (rs: Result[]) => rs.map((r) => pct(r.times, 0.99)).sort((a, b) => a - b);

  // Closed loop: one message at a time, the worst case for batching (every message its own round trip).
  trips = 0;
  const oneTimes = new Float64Array(2_000);
  for (let i = 0; i < oneTimes.length; i++) {
    const t0 = performance.now();
    const p = prepare({ ...messages[i]!, userId: `solo-${messages[i]!.userId}`, ts: Date.now() }, compiled);
    if (p.flood) decide(p, await store.answer(p.flood));
    oneTimes[i] = performance.now() - t0;
  }
  const oneTrips = trips;

  const rows = [baseline, memory, shared];
  console.log(`## ${RATE.toLocaleString('en')} messages/s, ${ROUNDS} rounds of ${SECONDS} s per store, alternating; open loop (ms per message, hand-in → decision)\n`);
  console.log('| store | p50 | p99 | p99.9 | max | p99 per round (best … worst) | refused | round trips / msg | bench CPU | p99 ÷ memory p99 |');
  console.log('|---|---|---|---|---|---|---|---|---|---|');
  const memP99 = pct(memory.times, 0.99);
  const perRound = [roundP99(runs.baseline), roundP99(runs.memory), roundP99(runs.shared)];
  for (const [k, r] of rows.entries()) {
    const rt = r.roundTrips === undefined ? '—' : (r.roundTrips / r.times.length).toFixed(3);
    const cpuShare = `${((r.cpuMs / (r.seconds * 1000)) * 100).toFixed(0)}% of a core`;
    console.log(
      `| ${r.name} | ${ms(pct(r.times, 0.5))} | ${ms(pct(r.times, 0.99))} | ${ms(pct(r.times, 0.999))} | ${ms(pct(r.times, 1))} | ${perRound[k]!.map(ms).join(' · ')} | ${((r.refused / r.times.length) * 100).toFixed(1)}% | ${rt} | ${cpuShare} | ${(pct(r.times, 0.99) / memP99).toFixed(1)}× |`,
    );
  }
  const added = pct(shared.times, 0.99) - pct(baseline.times, 0.99);
  const bestAdded = perRound[2]![0]! - perRound[0]![0]!;
  console.log(`\nadded p99 by the flood rules with Redis state: ${ms(added)} ms over no flood state, all rounds (best round: ${ms(bestAdded)} ms; target ≤ 2 ms); node-local memory adds ${ms(memP99 - pct(baseline.times, 0.99))} ms`);
  console.log(`Redis: ${(shared.roundTrips ?? 0).toLocaleString('en')} round trips for ${shared.times.length.toLocaleString('en')} messages (${(sharedCarried / Math.max(1, shared.roundTrips ?? 1)).toFixed(1)} messages per pipeline); server counted ${after.evalsha - before.evalsha} EVALSHA (${((after.usec - before.usec) / Math.max(1, after.evalsha - before.evalsha)).toFixed(1)} µs of Redis CPU each) and ${after.eval - before.eval} EVAL (NOSCRIPT fallbacks)`);
  console.log(`one message at a time (closed loop, no batching): p50 ${ms(pct(oneTimes, 0.5))} ms, p99 ${ms(pct(oneTimes, 0.99))} ms, ${(oneTrips / oneTimes.length).toFixed(3)} round trips / msg`);
  console.log(`load average at end ${loadavg().map((x) => x.toFixed(2)).join(' ')}`);

  const keys = await redis.keys(`${prefix}:*`);
  for (let i = 0; i < keys.length; i += 500) await redis.del(...keys.slice(i, i + 500));
  await redis.quit();
}

main().catch((err: unknown) => {
  console.error(err);
  process.exit(1);
});
