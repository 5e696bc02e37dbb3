import { Redis } from 'ioredis';
import { redisNames } from '@tribune/contracts';
import type { ChatClient, SendRecord } from '../load/chat-client';
import { connectSenders, connectViewers } from '../load/clients';
import { SendLoad } from '../load/send-load';
import { RulesPublisher } from '../faults/rules-publisher';
import { verifyIds } from '../oracle/verify-ids';
import { seconds, type Check, type ScenarioResult } from '../report/result';
import { describeSends, summarizeSends } from '../report/sends';
import type { LaneApp } from '../stack/lane';
import { fetchMetric } from '../stack/metrics';
import { sleep, type Scenario } from './scenario';

const RULES_WITHIN_MS = 5000;
const PRESENCE_WITHIN_MS = 15_000;
const VIEWERS_PER_NODE = 5;

const nodeVersions = (nodes: LaneApp[]) => Promise.all(nodes.map((n) => fetchMetric(n.app.httpUrl, 'tribune_chat_node_rules_version').catch(() => undefined)));

/** When every viewer had the message (epoch ms), or undefined when one never got it. */
function deliveredToAll(viewers: ChatClient[], id: string): number | undefined {
  let last = 0;
  for (const v of viewers) {
    const at = v.receivedAt.get(id);
    if (at === undefined) return undefined;
    last = Math.max(last, at);
  }
  return last;
}

/** Priority 3: Redis SIGKILLed (it keeps nothing on disk) and restarted while rules change every second. */
export const redisKill: Scenario = {
  name: 'redis-kill',
  title: 'Redis SIGKILLed and restarted while rules change every second on 3 nodes: rules ≤ 5 s after, fan-out and presence resume, no node exits',
  inShort: true,
  budgetMs: (short) => (short ? 120_000 : 180_000),
  async run({ lane, stack, short, log }) {
    const outageMs = 5000;
    const afterMs = short ? 16_000 : 30_000;
    const room = lane.room('live');
    const names = redisNames(lane.redisPrefix);
    await lane.prepareTopics();
    const publisher = new RulesPublisher(stack.redisUrl, lane.redisPrefix);
    await publisher.start();
    const [nodes, _ingest] = await Promise.all([lane.startNodes(3, { HEARTBEAT_SECONDS: '1' }), lane.startIngest()]);
    const viewers = (await Promise.all(nodes.map((n) => connectViewers(n, room, VIEWERS_PER_NODE)))).flat();
    const senders = await connectSenders(lane, nodes, 3, { roomOf: () => room, ackTimeoutMs: 30_000 });
    // What each node's field of the room's presence hash must say: our clients joined there.
    const expected = Object.fromEntries(nodes.map((n) => [n.name, String(VIEWERS_PER_NODE + 1)]));
    const spy = new Redis(stack.redisUrl, { enableOfflineQueue: false, maxRetriesPerRequest: 0, retryStrategy: () => 200 });
    spy.on('error', () => undefined);
    const sorted = (o: Record<string, string>) => JSON.stringify(Object.fromEntries(Object.entries(o).sort()));
    const presenceNow = async () => sorted(await spy.hgetall(names.roomViewers(room)).catch(() => ({})));
    const presenceOk = async () => (await presenceNow()) === sorted(expected);

    const load = new SendLoad(senders, { ratePerSec: 30, window: 16 });
    load.start();
    log(`3 chat nodes, ${viewers.length} viewers and 3 senders in one room, 30 msg/s; rules published every second; Redis SIGKILL in 5 s`);
    await sleep(5000);
    const baselinePresence = await presenceOk();
    const baselineHash = await presenceNow();
    const baselineVersions = await nodeVersions(nodes);

    const killAt = Date.now();
    await stack.killRedis();
    log(`redis SIGKILLed (every key lost); down for ${outageMs / 1000} s`);
    await sleep(outageMs);
    await stack.startRedis();
    const backAt = Date.now();
    log('redis answering again (empty)');

    // Rules: every node at (at least) the first version published after Redis came back.
    let rulesAt: number | undefined;
    let presenceAt: number | undefined;
    const until = backAt + afterMs;
    while (Date.now() < until) {
      const target = publisher.firstPublishedSince(backAt);
      if (rulesAt === undefined && target) {
        const versions = await nodeVersions(nodes);
        if (versions.every((v) => v !== undefined && v >= target.version)) rulesAt = Date.now();
      }
      if (presenceAt === undefined && Date.now() - backAt <= PRESENCE_WITHIN_MS + 1000 && (await presenceOk())) presenceAt = Date.now();
      await sleep(200);
    }
    const stopAt = Date.now();
    await load.stop();
    await sleep(2000); // deliveries still on their way
    await publisher.stop();
    const finalPublished = publisher.lastPublished();
    const finalVersions = await nodeVersions(nodes);
    const presenceEnd = await presenceNow();
    spy.disconnect();
    lane.saveRecords(load.records);
    for (const c of [...senders.map((s) => s.client), ...viewers]) c.close();

    const sends = summarizeSends(load.records);
    log(describeSends(sends));
    const accepted = (from: number, to: number) => load.records.filter((r): r is SendRecord & { id: string } => r.status === 'accepted' && r.id !== undefined && r.sentAt >= from && r.sentAt < to);
    const outageAccepted = accepted(killAt, backAt);
    // An ack is truthful when it says `not_delivered` (recorded, not published) or the message reached every viewer.
    const outageToldNotDelivered = outageAccepted.filter((r) => r.reason === 'not_delivered');
    const outageUndelivered = outageAccepted.filter((r) => r.reason !== 'not_delivered' && deliveredToAll(viewers, r.id) === undefined);
    const outageSends = load.records.filter((r) => r.sentAt >= killAt && r.sentAt < backAt);
    const outageSlow = outageSends.filter((r) => (r.ackAt ?? stopAt) - r.sentAt > 5000);
    const settled = accepted(backAt + 5000, stopAt - 1000);
    const settledUndelivered = settled.filter((r) => deliveredToAll(viewers, r.id) === undefined);
    const firstDelivered = accepted(backAt, stopAt)
      .map((r) => deliveredToAll(viewers, r.id))
      .filter((t): t is number => t !== undefined)
      .sort((a, b) => a - b)[0];
    const fanoutMs = firstDelivered === undefined ? undefined : firstDelivered - backAt;
    const rulesMs = rulesAt === undefined ? undefined : rulesAt - backAt;

    const verification = await verifyIds(lane, sends.accepted, short ? 60_000 : 120_000);
    const { kafka, clickhouse } = verification;
    const exits = lane.unexpectedExits();
    const checks: Check[] = [
      { name: 'baseline', ok: baselinePresence && baselineVersions.every((v) => v !== undefined && v > 0), info: true, detail: `before the kill: presence ${baselinePresence ? 'right' : `WRONG ${baselineHash}`}, node versions ${baselineVersions.join(', ')}` },
      { name: 'rules_within_5s', ok: rulesMs !== undefined && rulesMs <= RULES_WITHIN_MS, detail: `every node enforced the first version published after Redis came back ${seconds(rulesMs)} after it came back (target ≤ ${RULES_WITHIN_MS / 1000} s)` },
      { name: 'rules_latest_at_end', ok: finalPublished !== undefined && finalVersions.every((v) => v === finalPublished.version), detail: `last published v${finalPublished?.version}; nodes enforce ${finalVersions.map((v) => `v${v}`).join(', ')}` },
      { name: 'fanout_resumes', ok: fanoutMs !== undefined && settled.length > 0 && settledUndelivered.length === 0, detail: `first message after the restart reached all ${viewers.length} viewers on 3 nodes ${seconds(fanoutMs)} after Redis was back; from 5 s after: ${settled.length - settledUndelivered.length}/${settled.length} accepted messages reached every viewer` },
      { name: 'presence_resumes', ok: presenceAt !== undefined, detail: `room presence hash right again ${seconds(presenceAt === undefined ? undefined : presenceAt - backAt)} after Redis was back (bound ${PRESENCE_WITHIN_MS / 1000} s); at the end ${presenceEnd}, expected ${JSON.stringify(expected)}` },
      { name: 'outage_acks_truthful', ok: outageUndelivered.length === 0, detail: `${outageSends.length} sends during the outage: ${outageAccepted.length} acked accepted (${outageToldNotDelivered.length} of them with reason not_delivered), ${outageUndelivered.length} acked as delivered that never reached every viewer` },
      { name: 'outage_acks_within_5s', ok: outageSlow.length === 0, detail: `${outageSlow.length} sends during the outage waited more than 5 s for their ack (max ${seconds(Math.max(0, ...outageSends.map((r) => (r.ackAt ?? stopAt) - r.sentAt)))})` },
      { name: 'no_node_exited', ok: exits.length === 0, detail: exits.length ? `exited: ${exits.join(', ')}` : 'all 3 nodes and ingest still running' },
      { name: 'kafka_clickhouse_exactly_once', ok: kafka.lost === 0 && kafka.duplicated === 0 && clickhouse.lost === 0 && clickhouse.duplicated === 0 && verification.catchUpMs !== undefined, detail: `Kafka ${kafka.found}/${kafka.acked}, ClickHouse ${clickhouse.found}/${clickhouse.acked} accepted ids, ${clickhouse.duplicated} extra rows` },
    ];
    return {
      scenario: 'Redis SIGKILL + restart (3 nodes, rules every 1 s)',
      faults: `1 × SIGKILL redis, down ${((backAt - killAt) / 1000).toFixed(0)} s, data lost`,
      acked: clickhouse.acked,
      inClickHouse: clickhouse.found,
      lost: clickhouse.lost,
      duplicated: clickhouse.duplicated,
      recovery: `rules ${seconds(rulesMs)}, fan-out ${seconds(fanoutMs)}, presence ${presenceAt === undefined ? 'never' : seconds(presenceAt - backAt)}`,
      checks,
    } satisfies ScenarioResult;
  },
};
