import { ingestUnderLoad } from '../faults/ingest-under-load';
import { seconds, type Check, type ScenarioResult } from '../report/result';
import type { Scenario } from './scenario';

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];

/** Priority 1: ingest SIGKILLed again and again while messages flow; ClickHouse must hold each acked id exactly once. */
export const ingestKill: Scenario = {
  name: 'ingest-kill',
  title: 'ingest SIGKILLed repeatedly during a stream of messages: 0 lost, 0 duplicated in chat.messages',
  inShort: true,
  budgetMs: (short) => (short ? 150_000 : 900_000),
  async run(ctx) {
    const plan = ctx.short ? { messages: 4000, kills: 3, rate: 150 } : { messages: 100_000, kills: 20, rate: 400 };
    const r = await ingestUnderLoad(ctx, { ...plan, ingestEnv: {} });
    const { kafka, clickhouse } = r.verification;
    const checks: Check[] = [
      { name: 'kills', ok: r.kills.kills === plan.kills, detail: `${r.kills.kills} of ${plan.kills} SIGKILLs landed while ingest was loading` },
      { name: 'kafka_has_every_acked', ok: kafka.lost === 0 && kafka.duplicated === 0, detail: `Kafka: ${kafka.found}/${kafka.acked} acked ids, ${kafka.duplicated} extra copies${kafka.lostSample.length ? `, missing e.g. ${kafka.lostSample.join(' ')}` : ''}` },
      { name: 'clickhouse_caught_up', ok: r.verification.catchUpMs !== undefined, detail: `ClickHouse caught up with Kafka ${seconds(r.catchUpAfterLastKillMs)} after the last kill (${r.verification.clickhouseUnique} distinct ids, ${r.verification.kafkaMessages} events in Kafka)` },
      { name: 'clickhouse_lost', ok: clickhouse.lost === 0, detail: `${clickhouse.lost} acked ids missing from ClickHouse${clickhouse.lostSample.length ? ` (e.g. ${clickhouse.lostSample.join(' ')})` : ''}` },
      { name: 'clickhouse_duplicated', ok: clickhouse.duplicated === 0 && r.verification.clickhouseRows === r.verification.clickhouseUnique, detail: `${clickhouse.duplicated} extra rows of acked ids; count() ${r.verification.clickhouseRows} vs uniqExact(id) ${r.verification.clickhouseUnique}` },
      { name: 'acks', ok: r.sends.accepted.length > 0, info: true, detail: `${r.sends.sent} sent, ${r.sends.accepted.length} accepted, ${r.sends.noAck} without ack` },
    ];
    return {
      scenario: 'ingest SIGKILL',
      faults: `${r.kills.kills} × SIGKILL ingest`,
      acked: clickhouse.acked,
      inClickHouse: clickhouse.found,
      lost: clickhouse.lost,
      duplicated: clickhouse.duplicated,
      recovery: `restart ${seconds(median(r.kills.restartMs))} (median); ClickHouse caught up ${seconds(r.verification.catchUpMs)} after the last ack`,
      checks,
    } satisfies ScenarioResult;
  },
};
