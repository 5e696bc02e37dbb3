import { connectSenders } from '../load/clients';
import { SendLoad } from '../load/send-load';
import type { SendRecord } from '../load/chat-client';
import { ReadyWatch } from '../oracle/ready-watch';
import { readTopicIds } from '../oracle/kafka-ids';
import { verifyIds } from '../oracle/verify-ids';
import { seconds, type Check, type ScenarioResult } from '../report/result';
import { describeSends, isUnavailable, summarizeSends } from '../report/sends';
import { sleep, type Scenario } from './scenario';

/** How soon a sender must learn that its message cannot be taken (issue 6). */
const UNAVAILABLE_WITHIN_MS = 5000;
const RESUME_WITHIN_MS = 30_000;

const latency = (r: SendRecord) => (r.ackAt ?? Date.now()) - r.sentAt;
const pct = (xs: number[], p: number) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor((xs.length * p) / 100))];

/** Priority 2: the broker SIGKILLed and restarted under ~200 msg/s. */
export const kafkaBrokerKill: Scenario = {
  name: 'kafka-kill',
  title: 'Kafka broker SIGKILLed and restarted under 200 msg/s: acks truthful and fast, /readyz 503, sending resumes by itself',
  inShort: true,
  // Generous: the broker's boot after a SIGKILL (20–90 s, machine-dependent) is most of it.
  budgetMs: (short) => (short ? 240_000 : 330_000),
  async run({ lane, stack, short, log }) {
    const outageMs = short ? 5000 : 15_000;
    const afterMs = short ? 14_000 : 30_000;
    await lane.prepareTopics();
    const [nodes, ingest] = await Promise.all([lane.startNodes(2), lane.startIngest()]);
    const senders = await connectSenders(lane, nodes, 20, { ackTimeoutMs: 60_000 });
    const watch = new ReadyWatch(nodes);
    watch.start();
    const load = new SendLoad(senders, { ratePerSec: 200, window: 32 });
    load.start();
    log('2 chat nodes, ingest, 20 senders at 200 msg/s; broker SIGKILL in 5 s');
    await sleep(5000);

    const killAt = Date.now();
    await stack.killKafka();
    log(`broker SIGKILLed; down for ${outageMs / 1000} s, then started again`);
    await sleep(outageMs);
    const restartAt = Date.now();
    await stack.startKafka();
    const backAt = Date.now();
    log(`broker answering again after ${((backAt - restartAt) / 1000).toFixed(1)} s of boot (${((backAt - killAt) / 1000).toFixed(1)} s after the kill); sending ${afterMs / 1000} s more`);
    await sleep(afterMs);
    const stopAt = Date.now();
    await load.stop();
    watch.stop();
    for (const s of senders) s.client.close();
    const sends = summarizeSends(load.records);
    lane.saveRecords(load.records);
    log(`${describeSends(sends)}; ${load.skipped} skipped (every sender at its window of 32 awaiting acks)`);

    // What the senders were told, and when.
    const firstUnavailable = load.records.filter((r) => r.ackAt !== undefined && r.ackAt >= killAt && isUnavailable(r)).sort((a, b) => a.ackAt! - b.ackAt!)[0];
    const duringOutage = load.records.filter((r) => r.sentAt >= killAt && r.sentAt < backAt);
    const outageLatencies = duringOutage.map(latency);
    const slow = duringOutage.filter((r) => latency(r) > UNAVAILABLE_WITHIN_MS);
    const lateAccepted = duringOutage.filter((r) => r.status === 'accepted');
    const resumed = load.records.filter((r) => r.sentAt >= backAt && r.status === 'accepted').sort((a, b) => a.ackAt! - b.ackAt!)[0];
    const resumeMs = resumed?.ackAt === undefined ? undefined : resumed.ackAt - backAt;
    const tail = load.records.filter((r) => r.sentAt >= stopAt - 12_000 && r.sentAt < stopAt - 2000);
    const tailAccepted = tail.filter((r) => r.status === 'accepted').length;
    const notReady = watch.firstNotReadyAfter(killAt, backAt);

    // Told `unavailable` yet recorded all the same: the sender would retry a message Kafka has.
    const topic = await readTopicIds(stack.brokers, lane.messagesTopic);
    const recordedAnyway = load.records.filter((r) => isUnavailable(r) && r.id && topic.counts.has(r.id));
    const unavailableButRecorded = recordedAnyway.length;
    const acceptedMissing = load.records.filter((r) => r.status === 'accepted' && r.id && !topic.counts.has(r.id));
    // Both at once would point at the idempotent producer reusing sequence numbers after a give-up.
    const when = (r: SendRecord) => `${r.room.slice(lane.roomPrefix.length)}@+${(((r.ackAt ?? r.sentAt) - killAt) / 1000).toFixed(1)}s`;
    if (acceptedMissing.length > 0) log(`ACCEPTED BUT NOT IN KAFKA: ${acceptedMissing.length}: ${acceptedMissing.slice(0, 12).map(when).join(' ')}`);
    if (recordedAnyway.length > 0) log(`'unavailable' but in Kafka: ${recordedAnyway.length}: ${recordedAnyway.slice(0, 12).map(when).join(' ')}`);

    if (ingest.app.child.exitCode !== null || ingest.app.child.signalCode !== null) log('ingest exited during the outage; the verification will wait for nothing');
    const verification = await verifyIds(lane, sends.accepted, short ? 90_000 : 180_000);
    const { kafka, clickhouse } = verification;
    const exits = lane.unexpectedExits();
    const checks: Check[] = [
      { name: 'first_unavailable', ok: firstUnavailable !== undefined && firstUnavailable.ackAt! - killAt <= UNAVAILABLE_WITHIN_MS, detail: `first 'unavailable' ack ${firstUnavailable ? seconds(firstUnavailable.ackAt! - killAt) : 'never'} after the kill (target ≤ ${UNAVAILABLE_WITHIN_MS / 1000} s)` },
      { name: 'outage_acks_within_5s', ok: duringOutage.length > 0 && slow.length === 0, detail: `${duringOutage.length} sends while the broker was down: ack p50 ${seconds(pct(outageLatencies, 50))}, max ${seconds(pct(outageLatencies, 100))}; ${slow.length} answered after more than 5 s; ${lateAccepted.length} acked accepted (late) after the broker came back` },
      ...nodes.map((n) => ({ name: `readyz_503_${n.name}`, ok: (notReady.get(n.name) ?? Infinity) <= UNAVAILABLE_WITHIN_MS, detail: `${n.name} /readyz during the outage: ${watch.statusesBetween(killAt, backAt)} (first non-200 ${seconds(notReady.get(n.name))} after the kill)` })),
      { name: 'resumes_by_itself', ok: resumeMs !== undefined && resumeMs <= RESUME_WITHIN_MS && tailAccepted === tail.length && tail.length > 0, detail: `first accepted ack ${seconds(resumeMs)} after the broker was back, nodes not restarted; last 10 s: ${tailAccepted}/${tail.length} accepted` },
      { name: 'kafka_exactly_once', ok: kafka.lost === 0 && kafka.duplicated === 0, detail: `Kafka: ${kafka.found}/${kafka.acked} accepted ids, ${kafka.duplicated} extra copies` },
      { name: 'clickhouse_exactly_once', ok: verification.catchUpMs !== undefined && clickhouse.lost === 0 && clickhouse.duplicated === 0, detail: `ClickHouse: ${clickhouse.found}/${clickhouse.acked} accepted ids, ${clickhouse.lost} lost, ${clickhouse.duplicated} extra rows${verification.catchUpMs === undefined ? ', never caught up with Kafka' : ''}` },
      { name: 'no_process_exited', ok: exits.length === 0, detail: exits.length ? `exited: ${exits.join(', ')}` : 'every chat node and ingest still running' },
      { name: 'unavailable_but_recorded', ok: unavailableButRecorded === 0, info: true, detail: `${unavailableButRecorded} sends acked 'unavailable' are in Kafka anyway (a retry would duplicate them)` },
    ];
    return {
      scenario: 'Kafka broker SIGKILL + restart',
      faults: `1 × SIGKILL broker, down ${((backAt - killAt) / 1000).toFixed(0)} s`,
      acked: clickhouse.acked,
      inClickHouse: clickhouse.found,
      lost: clickhouse.lost,
      duplicated: clickhouse.duplicated,
      recovery: `first unavailable ${firstUnavailable ? seconds(firstUnavailable.ackAt! - killAt) : 'never'}; sending resumed ${seconds(resumeMs)} after broker back`,
      checks,
    } satisfies ScenarioResult;
  },
};
