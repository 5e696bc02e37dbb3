import { connectSenders } from '../load/clients';
import { SendLoad } from '../load/send-load';
import { clickhouseUnique } from '../oracle/clickhouse-ids';
import { verifyIds } from '../oracle/verify-ids';
import { seconds, type Check, type ScenarioResult } from '../report/result';
import { describeSends, summarizeSends } from '../report/sends';
import { sleep, type Scenario } from './scenario';

/** Priority 4: the embedded ClickHouse server SIGKILLed mid-ingest and started again on the same data. */
export const chdbKill: Scenario = {
  name: 'chdb-kill',
  title: 'the chdb ClickHouse server SIGKILLed and restarted during ingest: no loss, no duplicate',
  inShort: false,
  budgetMs: (short) => (short ? 150_000 : 300_000),
  async run({ lane, stack, short, log }) {
    const messages = short ? 5000 : 20_000;
    const rate = 250;
    await lane.prepareTopics();
    const [nodes, ingest] = await Promise.all([lane.startNodes(1), lane.startIngest()]);
    const senders = await connectSenders(lane, nodes, 4);
    const load = new SendLoad(senders, { ratePerSec: rate, total: messages, window: 24 });
    load.start();
    log(`1 chat node, ingest, 4 senders: ${messages} messages at ${rate}/s; chdb SIGKILL after 15 s, down 5 s`);
    await sleep(15_000);
    const killAt = Date.now();
    await stack.killChdb();
    log('chdb SIGKILLed');
    await sleep(5000);
    await stack.startChdb();
    const backAt = Date.now();
    log(`chdb answering again after ${((backAt - killAt) / 1000).toFixed(1)} s (same data directory)`);
    // The backlog of the outage: everything accepted by the time chdb was back must be loaded.
    const backlog = load.records.filter((r) => r.status === 'accepted' && r.ackAt !== undefined && r.ackAt <= backAt).length;
    let backlogLoadedAt: number | undefined;
    while (Date.now() - backAt < 120_000) {
      const unique = await clickhouseUnique(stack.clickhouseUrl, lane.roomPrefix);
      if (unique !== undefined && unique >= backlog) {
        backlogLoadedAt = Date.now();
        break;
      }
      await sleep(500);
    }
    const backlogMs = backlogLoadedAt === undefined ? undefined : backlogLoadedAt - backAt;
    log(`the ${backlog} messages accepted before chdb was back were in ClickHouse ${seconds(backlogMs)} after it came back`);
    await load.finish();
    for (const s of senders) s.client.close();
    const sends = summarizeSends(load.records);
    lane.saveRecords(load.records);
    log(describeSends(sends));
    const verification = await verifyIds(lane, sends.accepted, short ? 120_000 : 180_000);
    const { clickhouse } = verification;
    const exits = lane.unexpectedExits();
    const checks: Check[] = [
      { name: 'backlog_loaded', ok: backlogMs !== undefined, detail: `the ${backlog} messages accepted before chdb was back were loaded ${seconds(backlogMs)} after it came back (ingest retries with backoff, pauses a partition after 8 failed attempts)` },
      { name: 'clickhouse_caught_up', ok: verification.catchUpMs !== undefined, detail: `after the last send ClickHouse held every id of the topic within ${seconds(verification.catchUpMs)}` },
      { name: 'clickhouse_lost', ok: clickhouse.lost === 0, detail: `${clickhouse.lost} acked ids missing${clickhouse.lostSample.length ? ` (e.g. ${clickhouse.lostSample.join(' ')})` : ''}` },
      { name: 'clickhouse_duplicated', ok: clickhouse.duplicated === 0 && verification.clickhouseRows === verification.clickhouseUnique, detail: `${clickhouse.duplicated} extra rows; count() ${verification.clickhouseRows} vs uniqExact(id) ${verification.clickhouseUnique}` },
      { name: 'kafka_has_every_acked', ok: verification.kafka.lost === 0 && verification.kafka.duplicated === 0, detail: `Kafka ${verification.kafka.found}/${verification.kafka.acked}` },
      { name: 'ingest_kept_running', ok: exits.length === 0 && ingest.app.child.exitCode === null, detail: exits.length ? `exited: ${exits.join(', ')}` : 'ingest and the node still running' },
    ];
    return {
      scenario: 'chdb (ClickHouse) SIGKILL + restart',
      faults: `1 × SIGKILL chdb, down ${((backAt - killAt) / 1000).toFixed(0)} s`,
      acked: clickhouse.acked,
      inClickHouse: clickhouse.found,
      lost: clickhouse.lost,
      duplicated: clickhouse.duplicated,
      recovery: `outage backlog loaded ${seconds(backlogMs)} after chdb back`,
      checks,
    } satisfies ScenarioResult;
  },
};
