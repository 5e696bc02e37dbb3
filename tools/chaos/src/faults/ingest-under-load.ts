import { connectSenders } from '../load/clients';
import { SendLoad } from '../load/send-load';
import { verifyIds, type Verification } from '../oracle/verify-ids';
import { describeSends, summarizeSends, type SendSummary } from '../report/sends';
import type { ScenarioContext } from '../scenarios/scenario';
import { killIngestRepeatedly, type IngestKills } from './ingest-kills';

export interface IngestUnderLoad {
  sends: SendSummary;
  kills: IngestKills;
  verification: Verification;
  /** The last kill → ClickHouse caught up with Kafka. */
  catchUpAfterLastKillMs: number | undefined;
}

/**
 * Two chat nodes and one ingest; `messages` sent at `rate`/s by 8 real senders while ingest is
 * SIGKILLed `kills` times; then every acked id is looked up in Kafka and ClickHouse.
 */
export async function ingestUnderLoad(ctx: ScenarioContext, { messages, kills, rate, ingestEnv }: { messages: number; kills: number; rate: number; ingestEnv: Record<string, string> }): Promise<IngestUnderLoad> {
  const { lane, log } = ctx;
  await lane.prepareTopics();
  const [nodes, ingest] = await Promise.all([lane.startNodes(2), lane.startIngest(ingestEnv)]);
  const senders = await connectSenders(lane, nodes, 8);
  log(`2 chat nodes, ingest${ingestEnv.INGEST_DEDUP === '0' ? ' with INGEST_DEDUP=0 (every duplicate guard off)' : ''}, 8 senders; sending ${messages} messages at ${rate}/s while SIGKILLing ingest ${kills} times`);
  const load = new SendLoad(senders, { ratePerSec: rate, total: messages, window: 24 });
  load.start();
  const sending = load.finish().then(() => log(`sending done: ${describeSends(summarizeSends(load.records))}, ${load.skipped} skipped (back-pressure)`));
  const killed = await killIngestRepeatedly(lane, ingest, { kills, env: ingestEnv, busy: () => !load.done, log });
  const lastKill = Date.now();
  await sending;
  for (const s of senders) s.client.close();
  const sends = summarizeSends(load.records);
  log(`verifying ${sends.accepted.length} accepted ids against Kafka and ClickHouse`);
  const verification = await verifyIds(lane, sends.accepted, ctx.short ? 90_000 : 240_000);
  const { caughtUpAt } = verification;
  return { sends, kills: killed, verification, catchUpAfterLastKillMs: caughtUpAt === undefined ? undefined : caughtUpAt - lastKill };
}
