import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const serve = fileURLToPath(new URL('./serve.ts', import.meta.url));
const tsx = createRequire(import.meta.url).resolve('tsx/cli');

describe('npm start (serve.ts)', () => {
  it('validates the environment through the config schema before building, naming the bad variable', () => {
    const res = spawnSync(process.execPath, [tsx, serve], {
      env: { PATH: process.env.PATH, NODE_ENV: 'test', CHAT_TOKEN_SECRET: 'unit-test-secret-0123456789', HOST: '', LOG_LEVEL: 'infoo' },
      encoding: 'utf8',
      timeout: 30_000,
    });
    expect(res.status).toBe(1);
    expect(res.stderr).toMatch(/LOG_LEVEL/);
    expect(res.stderr).toMatch(/HOST/);
    expect(res.stdout).not.toMatch(/build/);
  }, 40_000);
});
