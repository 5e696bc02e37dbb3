#!/usr/bin/env node
// `npm test`: typecheck, lint, unit tests, then an isolated stack of real services for the
// integration tests and Playwright. Prints per-stage results and ends with `N passed, N failed`.
import { spawn } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import { ensureNpmDependencies, ensureSystemPackages } from './prerequisites.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
// Alone on a fresh clone: npm dependencies, then what the stages need from the system (Java/Maven for Kafka,
// PostgreSQL/Redis binaries when no server answers, Chromium for Playwright, kcat for the topic tests).
ensureNpmDependencies(root);
await ensureSystemPackages(['kafka', 'services', 'browser', 'kcat']);
const reports = join(root, '.data', 'test-reports');
rmSync(reports, { recursive: true, force: true });
mkdirSync(reports, { recursive: true });
const started = Date.now();
const stages = [];

function run(cmd, args, env = {}) {
  return new Promise((resolve) => {
    const child = spawn(cmd, args, { cwd: root, stdio: 'inherit', env: { ...process.env, ...env } });
    child.on('exit', (code, signal) => resolve(code ?? (signal ? 1 : 0)));
    child.on('error', () => resolve(127));
  });
}

function banner(name) {
  console.log(`\n━━━ ${name} ━━━`);
}

/** A stage that is one check (typecheck, lint): a failure counts as one failed test. */
async function checkStage(name, cmd, args) {
  banner(name);
  const t0 = Date.now();
  const code = await run(cmd, args);
  stages.push({ name, passed: 0, failed: code === 0 ? 0 : 1, ok: code === 0, ms: Date.now() - t0, note: code === 0 ? 'ok' : `exit ${code}` });
}

function readJson(file) {
  try {
    return JSON.parse(readFileSync(file, 'utf8'));
  } catch {
    return undefined;
  }
}

async function vitestStage(name, project, env) {
  banner(name);
  const t0 = Date.now();
  const file = join(reports, `${project}.json`);
  const code = await run('npx', ['vitest', 'run', '--project', project, '--reporter=default', '--reporter=json', `--outputFile.json=${file}`], env);
  const report = readJson(file);
  const passed = report?.numPassedTests ?? 0;
  let failed = report?.numFailedTests ?? 0;
  // A suite that failed to load has no failed test but did fail: count it.
  if (code !== 0 && failed === 0) failed = Math.max(1, report?.numFailedTestSuites ?? 0);
  stages.push({ name, passed, failed, ok: code === 0, ms: Date.now() - t0, note: `${report?.numTotalTests ?? '?'} tests, exit ${code}` });
}

async function playwrightStage(env) {
  const config = join(root, 'apps/console/playwright.config.ts');
  if (!existsSync(config)) {
    stages.push({ name: 'e2e (playwright)', passed: 0, failed: 0, ok: true, ms: 0, note: 'no apps/console/playwright.config.ts: skipped' });
    return;
  }
  banner('e2e (playwright)');
  const t0 = Date.now();
  const file = join(reports, 'playwright.json');
  const code = await run('npx', ['playwright', 'test', '-c', config, '--reporter=list,json'], {
    ...env,
    // Its own console port: never reuse a console someone left running on the default one.
    CONSOLE_E2E_PORT: process.env.TEST_CONSOLE_PORT ?? '19300',
    PLAYWRIGHT_JSON_OUTPUT_FILE: file,
    PLAYWRIGHT_JSON_OUTPUT_NAME: file,
  });
  const stats = readJson(file)?.stats;
  const passed = (stats?.expected ?? 0) + (stats?.flaky ?? 0);
  let failed = stats?.unexpected ?? 0;
  if (code !== 0 && failed === 0) failed = 1;
  stages.push({ name: 'e2e (playwright)', passed, failed, ok: code === 0, ms: Date.now() - t0, note: `exit ${code}` });
}

/**
 * The short fault run (tools/chaos): its own services on private ports, none of the test stack's, so it runs after
 * that stack is stopped. Each scenario counts as one test; a suite that could not run counts as one failure.
 */
async function chaosStage() {
  banner('chaos (short)');
  const t0 = Date.now();
  const file = join(root, '.data', 'chaos', 'results.json');
  rmSync(file, { force: true });
  const code = await run('npm', ['run', '--silent', 'chaos', '--', '--short']);
  const report = readJson(file);
  const passed = report?.passed ?? 0;
  let failed = report?.failed ?? 0;
  if (code !== 0 && failed === 0) failed = 1;
  stages.push({ name: 'chaos (short)', passed, failed, ok: code === 0, ms: Date.now() - t0, note: `exit ${code}` });
}

/** Starts the isolated test stack; resolves with its env, or undefined when it could not start. */
function startStack() {
  banner('test stack');
  const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'tools/devstack/src/cli/test-stack.ts')], { cwd: root, stdio: ['pipe', 'pipe', 'inherit'] });
  const ready = new Promise((resolve) => {
    createInterface({ input: child.stdout }).on('line', (line) => {
      const m = /^TRIBUNE_TEST_STACK_READY (.*)$/.exec(line);
      if (m) resolve(JSON.parse(m[1]));
      else console.log(line);
    });
    child.on('exit', () => resolve(undefined));
  });
  const exited = new Promise((resolve) => child.on('exit', resolve));
  const stop = async () => {
    if (child.exitCode === null && child.signalCode === null) {
      child.kill('SIGTERM');
      const timer = setTimeout(() => child.kill('SIGKILL'), 60_000);
      await exited;
      clearTimeout(timer);
    }
  };
  return { ready, stop };
}

let stack;
const interrupt = async () => {
  await stack?.stop();
  process.exit(130);
};
process.on('SIGINT', () => void interrupt());
process.on('SIGTERM', () => void interrupt());

await checkStage('typecheck', 'npm', ['run', '--silent', 'typecheck']);
await checkStage('lint', 'npm', ['run', '--silent', 'lint']);
await vitestStage('unit', 'unit', {});

const t0 = Date.now();
stack = startStack();
const stackEnv = await stack.ready;
if (!stackEnv) {
  stages.push({ name: 'test stack', passed: 0, failed: 1, ok: false, ms: Date.now() - t0, note: 'could not start (see its log above); integration and e2e not run' });
} else {
  stages.push({ name: 'test stack', passed: 0, failed: 0, ok: true, ms: Date.now() - t0, note: `kafka ${stackEnv.KAFKA_BROKERS}, clickhouse ${stackEnv.CLICKHOUSE_URL}` });
  await vitestStage('integration', 'integration', stackEnv);
  await playwrightStage(stackEnv);
}
await stack.stop();
// TEST_SKIP_CHAOS=1 is for an engineer re-running the other stages; CI and the README's `npm test` run it.
if (process.env.TEST_SKIP_CHAOS !== '1') await chaosStage();

const passed = stages.reduce((n, s) => n + s.passed, 0);
const failed = stages.reduce((n, s) => n + s.failed, 0);
console.log('\n━━━ results ━━━');
for (const s of stages) {
  console.log(`${s.ok ? 'ok  ' : 'FAIL'}  ${s.name.padEnd(18)} ${String(s.passed).padStart(4)} passed ${String(s.failed).padStart(4)} failed  ${(s.ms / 1000).toFixed(1).padStart(6)} s  ${s.note}`);
}
console.log(`total ${((Date.now() - started) / 1000).toFixed(1)} s`);
console.log(`${passed} passed, ${failed} failed`);
process.exit(failed > 0 || stages.some((s) => !s.ok) ? 1 : 0);
