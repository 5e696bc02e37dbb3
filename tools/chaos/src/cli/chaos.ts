import { mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { loadavg } from 'node:os';
import { join } from 'node:path';
import { passed, type ScenarioResult } from '../report/result';
import { markdownTable, textTable } from '../report/table';
import { SCENARIOS } from '../scenarios';
import type { Scenario } from '../scenarios/scenario';
import { ChaosStack } from '../stack/chaos-stack';
import { Lane } from '../stack/lane';
import { REPO_ROOT } from '../stack/repo-root';
import { ChaosArgsError, parseChaosArgs } from './chaos-args';

// `npm run chaos [-- --short] [-- --only a,b]`: the fault suite on its own stack (tools/chaos/README.md).
// Exit 0 when every scenario passed, 1 when one failed, 2 on bad arguments or a stack that did not start.

const started = Date.now();
const stamp = () => `${((Date.now() - started) / 1000).toFixed(1).padStart(6)}s`;
const say = (line: string) => console.log(`${stamp()} ${line}`);

let args;
try {
  args = parseChaosArgs(process.argv.slice(2));
} catch (err) {
  if (!(err instanceof ChaosArgsError)) throw err;
  console.error(`chaos: ${err.message}`);
  process.exit(2);
}
if (args.help) {
  console.log(['npm run chaos [-- --short] [-- --only name,name]', '', ...SCENARIOS.map((s) => `  ${s.name.padEnd(16)} ${s.inShort ? '(short) ' : '        '}${s.title}`)].join('\n'));
  process.exit(0);
}
const unknown = args.only.filter((n) => !SCENARIOS.some((s) => s.name === n));
if (unknown.length > 0) {
  console.error(`chaos: unknown scenario ${unknown.join(', ')} (known: ${SCENARIOS.map((s) => s.name).join(', ')})`);
  process.exit(2);
}
const selected = SCENARIOS.filter((s) => (args.only.length > 0 ? args.only.includes(s.name) : !args.short || s.inShort));
const short = args.short;

const dataDir = join(REPO_ROOT, '.data', 'chaos');
rmSync(dataDir, { recursive: true, force: true });
mkdirSync(dataDir, { recursive: true });
// Lowercase base36: part of room names, topics and Redis prefixes.
const runId = Date.now().toString(36).slice(-6);

let stack: ChaosStack | null = null;
let lane: Lane | null = null;
let interrupted = false;
const cleanUp = async () => {
  await lane?.stop();
  await stack?.stop();
};
for (const signal of ['SIGINT', 'SIGTERM'] as const) {
  process.once(signal, () => {
    interrupted = true;
    say(`${signal}: stopping every process the suite started`);
    cleanUp()
      .catch((err: unknown) => console.error(err))
      .finally(() => process.exit(130));
  });
}

async function runOne(scenario: Scenario, s: ChaosStack): Promise<ScenarioResult> {
  const budget = scenario.budgetMs(short);
  const log = (line: string) => say(`[${scenario.name}] ${line}`);
  lane = new Lane(s, scenario.name, runId, log);
  say(`── ${scenario.name}: ${scenario.title} (bound ${(budget / 1000).toFixed(0)} s)`);
  const t0 = Date.now();
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`did not finish within ${(budget / 1000).toFixed(0)} s`)), budget);
  });
  const running = scenario.run({ stack: s, lane, short, log });
  running.catch(() => undefined);
  let result: ScenarioResult;
  try {
    result = await Promise.race([running, timeout]);
  } catch (err) {
    result = { scenario: scenario.name, faults: '—', acked: null, inClickHouse: null, lost: null, duplicated: null, recovery: '—', checks: [], error: err instanceof Error ? err.message : String(err) };
  } finally {
    clearTimeout(timer);
  }
  await lane.stop();
  lane = null;
  const healed = await s.heal();
  if (healed.length > 0) log(`restarted what the scenario left down: ${healed.join(', ')}`);
  for (const c of result.checks) log(`${c.info ? 'info' : c.ok ? 'ok  ' : 'FAIL'} ${c.name}: ${c.detail}`);
  if (result.error) log(`FAIL ${result.error}`);
  log(`${passed(result) ? 'PASS' : 'FAIL'} in ${((Date.now() - t0) / 1000).toFixed(1)} s`);
  return result;
}

let exitCode = 0;
try {
  say(`chaos ${short ? 'short' : 'full'} run ${runId}: ${selected.map((s) => s.name).join(', ')}; load average ${loadavg().map((l) => l.toFixed(2)).join(' ')}`);
  stack = await ChaosStack.start(dataDir, say);
  const results: ScenarioResult[] = [];
  for (const scenario of selected) {
    if (interrupted) break;
    results.push(await runOne(scenario, stack));
  }
  const failed = results.filter((r) => !passed(r)).length;
  const summary = `${results.length - failed} passed, ${failed} failed in ${((Date.now() - started) / 1000).toFixed(0)} s (load average at the end ${loadavg().map((l) => l.toFixed(2)).join(' ')})`;
  console.log(`\n${textTable(results)}\n\n${summary}`);
  const report = join(dataDir, 'report.md');
  writeFileSync(report, `${new Date().toISOString()} ${short ? 'short' : 'full'} run\n\n${markdownTable(results)}\n\n${summary}\n`);
  console.log(`Markdown table: ${report}`);
  // For `npm test`'s chaos stage: one entry a scenario, counted as one test each.
  const summaryJson = { passed: results.length - failed, failed, scenarios: results.map((r) => ({ scenario: r.scenario, passed: passed(r) })) };
  writeFileSync(join(dataDir, 'results.json'), `${JSON.stringify(summaryJson, null, 2)}\n`);
  exitCode = failed > 0 ? 1 : 0;
} catch (err) {
  console.error('chaos: the suite could not run:', err);
  exitCode = 2;
} finally {
  await cleanUp();
}
process.exit(exitCode);
