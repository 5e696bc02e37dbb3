import { ingestUnderLoad } from '../faults/ingest-under-load';
import { seconds, type Check } from '../report/result';
import type { Scenario } from './scenario';

/**
 * The negative control of `ingest-kill`: the same kills with every duplicate guard of ingest off
 * (`INGEST_DEDUP=0`). It passes when duplicates DO appear: proof that the oracle can see them and
 * that ingest-kill's 0 is the guards' doing, not luck.
 */
export const ingestDedupOffControl: Scenario = {
  name: 'ingest-control',
  title: 'negative control: the same ingest kills with INGEST_DEDUP=0 must show duplicates',
  inShort: true,
  budgetMs: (short) => (short ? 120_000 : 300_000),
  async run(ctx) {
    const plan = ctx.short ? { messages: 2500, kills: 3, rate: 150 } : { messages: 20_000, kills: 6, rate: 300 };
    const r = await ingestUnderLoad(ctx, { ...plan, ingestEnv: { INGEST_DEDUP: '0' } });
    const { clickhouse } = r.verification;
    const checks: Check[] = [
      { name: 'duplicates_seen', ok: clickhouse.duplicated > 0, detail: `${clickhouse.duplicated} extra rows of acked ids with the guards off (e.g. ${clickhouse.duplicatedSample.join(' ') || 'none'}); count() ${r.verification.clickhouseRows} vs uniqExact(id) ${r.verification.clickhouseUnique}` },
      { name: 'clickhouse_lost', ok: clickhouse.lost === 0, detail: `${clickhouse.lost} acked ids missing (commit-after-insert still holds)` },
      { name: 'kills', ok: r.kills.kills > 0, info: true, detail: `${r.kills.kills} of ${plan.kills} kills` },
    ];
    return {
      scenario: 'ingest SIGKILL, dedup off (negative control)',
      faults: `${r.kills.kills} × SIGKILL ingest, INGEST_DEDUP=0`,
      acked: clickhouse.acked,
      inClickHouse: clickhouse.found,
      lost: clickhouse.lost,
      duplicated: clickhouse.duplicated,
      recovery: `ClickHouse caught up ${seconds(r.verification.catchUpMs)} after the last ack`,
      checks,
    };
  },
};
