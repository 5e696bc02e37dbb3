import { openSync, closeSync } from 'node:fs';
import { join } from 'node:path';
import { startProcess, waitUntil } from '@tribune/devstack';
import { freePorts } from '@tribune/devstack/testing';
import { seconds, type Check, type ScenarioResult } from '../report/result';
import { ChaosPostgres } from '../stack/chaos-postgres';
import { CHAOS_TOKEN_SECRET } from '../stack/lane';
import { readyStatus } from '../stack/metrics';
import { REPO_ROOT } from '../stack/repo-root';
import { sleep, type Scenario } from './scenario';

const ANSWER_WITHIN_MS = 5000;
const RECOVER_WITHIN_MS = 30_000;
const ADMIN = { email: 'admin@tribune.local', password: 'tribune-chaos-admin' };

interface Probe {
  at: number;
  ms: number;
  /** HTTP status; 0 = no answer within the probe's timeout. */
  status: number;
  message: string;
  appCode: string | null;
}

/** One tRPC call as an operator's browser makes it (superjson envelope, session cookie); never throws. */
async function trpc(base: string, path: string, cookie: string, body?: unknown): Promise<Probe & { cookie?: string }> {
  const t0 = Date.now();
  try {
    const res = await fetch(`${base}/api/trpc/${path}`, {
      method: body === undefined ? 'GET' : 'POST',
      headers: { 'content-type': 'application/json', cookie },
      body: body === undefined ? undefined : JSON.stringify({ json: body }),
      signal: AbortSignal.timeout(15_000),
    });
    const json = (await res.json().catch(() => ({}))) as { error?: { json?: { message?: string; data?: { appCode?: string | null } } } };
    const setCookie = res.headers.get('set-cookie')?.split(';')[0];
    return { at: t0, ms: Date.now() - t0, status: res.status, message: json.error?.json?.message ?? '', appCode: json.error?.json?.data?.appCode ?? null, ...(setCookie ? { cookie: setCookie } : {}) };
  } catch (err) {
    return { at: t0, ms: Date.now() - t0, status: 0, message: err instanceof Error ? err.message : String(err), appCode: null };
  }
}

/** Priority 5: the console's PostgreSQL SIGKILLed and started again; the console is not restarted. */
export const postgresRestart: Scenario = {
  name: 'pg-restart',
  title: 'PostgreSQL SIGKILLed and restarted: the console answers clear errors meanwhile and recovers by itself (builds the console once)',
  inShort: false,
  budgetMs: () => 900_000,
  async run({ lane, stack, log }) {
    const pg = new ChaosPostgres(join(stack.dataDir, 'postgres'));
    const fd = openSync(join(stack.logDir, 'console.log'), 'a');
    let consoleProc: ReturnType<typeof startProcess> | null = null;
    try {
      await pg.start();
      const env = { DATABASE_URL: pg.url, CONSOLE_ADMIN_EMAIL: ADMIN.email, CONSOLE_ADMIN_PASSWORD: ADMIN.password };
      await ChaosPostgres.consoleScript(REPO_ROOT, 'db:deploy', env);
      await ChaosPostgres.consoleScript(REPO_ROOT, 'db:seed', env);
      const [port] = await freePorts(1);
      const base = `http://127.0.0.1:${port}`;
      log(`own PostgreSQL on ${pg.url.replace(/\/\/[^@]*@/, '//')}, migrated and seeded; starting the console (a production build when its sources changed: minutes on this machine)`);
      const t0 = Date.now();
      // Own process group: serve.ts runs `next start` as its child, and both must go at the end.
      consoleProc = startProcess('console', process.execPath, ['--import', 'tsx', 'src/cli/serve.ts'], {
        cwd: join(REPO_ROOT, 'apps/console'),
        env: { ...process.env, ...env, PORT: String(port), HOST: '127.0.0.1', REDIS_URL: stack.redisUrl, REDIS_PREFIX: lane.redisPrefix, CLICKHOUSE_URL: stack.clickhouseUrl, CHAT_TOKEN_SECRET: CHAOS_TOKEN_SECRET, CHAT_NODE_URLS: 'ws://127.0.0.1:1/ws', LOG_PRETTY: '0' },
        stdio: ['ignore', fd, fd],
        detached: true,
      });
      await waitUntil('console', async () => (await readyStatus(base, 5000)) === 200, { timeoutMs: 720_000, intervalMs: 1000, process: consoleProc });
      log(`console ready in ${((Date.now() - t0) / 1000).toFixed(0)} s`);
      const login = await trpc(base, 'auth.login', '', ADMIN);
      if (login.status !== 200 || !login.cookie) throw new Error(`login failed: ${login.status} ${login.message}`);
      const cookie = login.cookie;
      // The seeded admin must change the seeded password before anything else (issue 9 hardening); its session stays.
      const changed = await trpc(base, 'auth.changePassword', cookie, { currentPassword: ADMIN.password, newPassword: `chaos-${Date.now().toString(36)}-rotated-pw` });
      if (changed.status !== 200) throw new Error(`password change failed: ${changed.status} ${changed.message}`);
      const before = await trpc(base, 'rooms.list', cookie);

      const killAt = Date.now();
      await pg.kill();
      log('postgres SIGKILLed; operator calls every 500 ms for 10 s');
      const outage: Probe[] = [];
      const ready: number[] = [];
      while (Date.now() - killAt < 10_000) {
        const [probe, readyz] = await Promise.all([trpc(base, 'rooms.list', cookie), readyStatus(base, 5000)]);
        outage.push(probe);
        ready.push(readyz);
        await sleep(500);
      }
      await pg.start();
      const backAt = Date.now();
      log(`postgres started again after ${((backAt - killAt) / 1000).toFixed(1)} s`);
      let recoveredAt: number | undefined;
      let last: Probe | undefined;
      while (Date.now() - backAt < RECOVER_WITHIN_MS + 10_000) {
        last = await trpc(base, 'rooms.list', cookie);
        if (last.status === 200) {
          recoveredAt = Date.now();
          break;
        }
        await sleep(500);
      }
      const readyAfter = await readyStatus(base, 5000);
      const consoleAlive = consoleProc.child.exitCode === null && consoleProc.child.signalCode === null;

      const failedAnswers = outage.filter((p) => p.status !== 200);
      const slow = outage.filter((p) => p.status === 0 || p.ms > ANSWER_WITHIN_MS);
      const oneLine = (m: string) => m.replace(/\s+/g, ' ').trim();
      const messages = [...new Set(failedAnswers.map((p) => `${p.status} appCode=${p.appCode ?? 'null'} "${oneLine(p.message).slice(0, 160)}"`))].slice(0, 3);
      const namesDatabase = failedAnswers.filter((p) => p.status >= 500 && /database|postgres|unavailable/i.test(p.message));
      // The project's errors are typed with stable codes (AppError, mapped once in the errorFormatter):
      // automation on the same tRPC API can act on DEPENDENCY_UNAVAILABLE, not on a driver's free text.
      const stableCode = failedAnswers.filter((p) => p.appCode === 'DEPENDENCY_UNAVAILABLE');
      const recoveryMs = recoveredAt === undefined ? undefined : recoveredAt - backAt;
      const checks: Check[] = [
        { name: 'baseline', ok: before.status === 200, info: true, detail: `rooms.list before the kill: ${before.status}` },
        { name: 'outage_answers_fast', ok: outage.length > 0 && slow.length === 0, detail: `${outage.length} operator calls while PostgreSQL was down: ${slow.length} took over ${ANSWER_WITHIN_MS / 1000} s or got no answer (max ${seconds(Math.max(...outage.map((p) => p.ms)))})` },
        { name: 'outage_errors_name_database', ok: failedAnswers.length === outage.length && namesDatabase.length === failedAnswers.length, detail: `${failedAnswers.length}/${outage.length} failed, ${namesDatabase.length} of them with a message naming the database; answers: ${messages.join(' | ') || 'none'}` },
        { name: 'outage_errors_stable_code', ok: failedAnswers.length > 0 && stableCode.length === failedAnswers.length, detail: `${stableCode.length}/${failedAnswers.length} failures carry the stable appCode DEPENDENCY_UNAVAILABLE` },
        { name: 'readyz_503', ok: ready.length > 0 && ready.every((s) => s === 503), detail: `/api/readyz during the outage: ${[...new Set(ready)].join(', ')}` },
        { name: 'recovers_by_itself', ok: recoveryMs !== undefined && recoveryMs <= RECOVER_WITHIN_MS && readyAfter === 200, detail: `rooms.list answered 200 ${seconds(recoveryMs)} after PostgreSQL was back (last answer ${last?.status} ${last?.message.slice(0, 80) ?? ''}); /api/readyz ${readyAfter}; console not restarted` },
        { name: 'console_kept_running', ok: consoleAlive, detail: consoleAlive ? 'the console process is still running' : `the console exited (${consoleProc.child.exitCode ?? consoleProc.child.signalCode})` },
      ];
      return {
        scenario: 'PostgreSQL SIGKILL + restart (console)',
        faults: `1 × SIGKILL postmaster, down ${((backAt - killAt) / 1000).toFixed(0)} s`,
        acked: null,
        inClickHouse: null,
        lost: null,
        duplicated: null,
        recovery: `console answering ${seconds(recoveryMs)} after PostgreSQL back`,
        checks,
      } satisfies ScenarioResult;
    } finally {
      await consoleProc?.stop(10_000);
      await pg.stop().catch((err: unknown) => log(`postgres stop failed: ${String(err)}`));
      closeSync(fd);
    }
  },
};
