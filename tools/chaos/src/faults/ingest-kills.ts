import type { Log } from '../stack/chaos-stack';
import type { Lane, LaneApp } from '../stack/lane';
import { fetchMetric } from '../stack/metrics';
import { sleep } from '../scenarios/scenario';

export interface IngestKills {
  kills: number;
  /** SIGKILL → the next ingest answering /readyz, per kill. */
  restartMs: number[];
  /** The ingest running at the end. */
  current: LaneApp;
}

/**
 * SIGKILLs ingest `kills` times, each time while it is loading (0–250 ms after it first inserted
 * rows since it came up), and starts a new one at once, as a supervisor would. Stops early
 * when `busy()` says there is nothing left to load and the running ingest has not inserted for 20 s.
 */
export async function killIngestRepeatedly(lane: Lane, first: LaneApp, { kills, env, busy, log }: { kills: number; env: Record<string, string>; busy: () => boolean; log: Log }): Promise<IngestKills> {
  let current = first;
  const restartMs: number[] = [];
  for (let k = 1; k <= kills; k++) {
    const loading = await waitForInserts(current, 20_000);
    if (!loading && !busy()) {
      log(`kill ${k}: ingest idle and nothing left to send; stopping after ${k - 1} kills`);
      break;
    }
    // The replacement is loading the backlog that piled up while its predecessor was dead: a kill
    // now lands mid-insert or between an insert and its commit, where a replay could duplicate.
    await sleep(Math.random() * 250);
    const t0 = Date.now();
    await lane.kill(current);
    current = await lane.startIngest(env);
    restartMs.push(Date.now() - t0);
    log(`kill ${k}/${kills}: ingest SIGKILLed while loading; replacement ready in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  }
  return { kills: restartMs.length, restartMs, current };
}

/** True once this ingest process inserted at least one row (its counters start at 0). */
async function waitForInserts(ingest: LaneApp, timeoutMs: number): Promise<boolean> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    const rows = await fetchMetric(ingest.app.httpUrl, 'tribune_ingest_rows_inserted_total').catch(() => undefined);
    if ((rows ?? 0) > 0) return true;
    await sleep(50);
  }
  return false;
}
