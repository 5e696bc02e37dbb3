import { spawn } from 'node:child_process';
import { writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

// The policy is about the process itself, so it is tested in a child process of its own.
const kit = fileURLToPath(new URL('./index.ts', import.meta.url));

function runScript(body: string): Promise<{ code: number | null; out: string }> {
  const dir = mkdtempSync(join(tmpdir(), 'guards-'));
  const file = join(dir, 'script.ts');
  writeFileSync(
    file,
    `import { createLogger, createMetricsRegistry, installProcessGuards, installShutdown } from ${JSON.stringify(kit)};
const logger = createLogger({ name: 'guard-test', level: 'info', pretty: false });
const registry = createMetricsRegistry('t_');
const shutdown = installShutdown(logger, [{ name: 'drain', run: () => { process.stdout.write('DRAINED\\n'); } }], { timeoutMs: 2000 });
const faults = installProcessGuards({ logger, registry, prefix: 't_', shutdown });
const count = async () => (await registry.getSingleMetricAsString('t_process_faults_total'));
${body}
`,
  );
  return new Promise((resolve) => {
    const child = spawn(process.execPath, ['--import', 'tsx', file], { stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    child.stdout.on('data', (d: Buffer) => (out += d.toString()));
    child.stderr.on('data', (d: Buffer) => (out += d.toString()));
    child.on('exit', (code) => resolve({ code, out }));
  });
}

describe('installProcessGuards', () => {
  it('logs and counts an unhandled rejection, and keeps serving', async () => {
    const { code, out } = await runScript(`
void faults;
Promise.reject(new Error('nobody awaited me'));
setTimeout(async () => { process.stdout.write('STILL_UP ' + (await count()).split('\\n').filter((l) => l.includes('unhandled_rejection')).join('') + '\\n'); process.exit(0); }, 200);
`);
    expect(code).toBe(0);
    expect(out).toContain('"msg":"unhandled_rejection"');
    expect(out).toContain('nobody awaited me');
    expect(out).toMatch(/STILL_UP .*kind="unhandled_rejection"} 1/);
    expect(out).not.toContain('DRAINED');
  }, 20_000);

  it('drains through the shutdown steps and exits 1 on an uncaught exception', async () => {
    const { code, out } = await runScript(`
void count;
setTimeout(() => { throw new Error('boom in a timer'); }, 10);
setTimeout(() => { process.stdout.write('NOT_EXITED\\n'); }, 5000);
`);
    expect(code).toBe(1);
    expect(out).toContain('"msg":"uncaught_exception"');
    expect(out).toContain('boom in a timer');
    expect(out).toContain('DRAINED');
    expect(out).not.toContain('NOT_EXITED');
  }, 20_000);
});
