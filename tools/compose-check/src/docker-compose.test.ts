import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { readFileSync } from 'node:fs';
import { defaultsIn, environmentOf, interpolate, readComposeFile, RequiredVariableError, requiredIn } from './compose-file';
import { configSchemasOf, requiredVariables } from './required-variables';

const root = resolve(import.meta.dirname, '../../..');
const compose = readComposeFile(join(root, 'docker-compose.yml'));

const apps = ['chat-node', 'ingest', 'console'] as const;
const text = readFileSync(join(root, 'docker-compose.yml'), 'utf8');
/** What an operator puts in `.env` before `docker compose up`. */
const deployEnv = {
  CHAT_TOKEN_SECRETS: `k1:${'s'.repeat(44)}`,
  POSTGRES_PASSWORD: 'pg-secret',
  CLICKHOUSE_PASSWORD: 'ch-secret',
  CLICKHOUSE_INGEST_PASSWORD: 'ch-ingest-secret',
  CLICKHOUSE_CONSOLE_PASSWORD: 'ch-console-secret',
  CLICKHOUSE_READER_PASSWORD: 'ch-reader-secret',
  CLICKHOUSE_ANALYST_PASSWORD: 'ch-analyst-secret',
  CONSOLE_ADMIN_PASSWORD: 'first-login-secret',
  GRAFANA_ADMIN_PASSWORD: 'grafana-secret',
};
const SECRET = /SECRET|PASSWORD|TOKEN/;

describe('docker-compose.yml', () => {
  it('has the infrastructure and the three apps, each with a healthcheck', () => {
    for (const name of ['kafka', 'clickhouse', 'redis', 'postgres', ...apps]) {
      expect(compose.services[name], `service ${name}`).toBeDefined();
      expect(compose.services[name]?.healthcheck, `healthcheck of ${name}`).toBeDefined();
    }
  });

  it('builds each app from a Dockerfile that exists', () => {
    for (const app of apps) {
      const build = compose.services[app]?.build;
      const dockerfile = typeof build === 'object' ? build.dockerfile : undefined;
      expect(dockerfile, `${app} dockerfile`).toBe(`apps/${app}/Dockerfile`);
      expect(existsSync(join(root, dockerfile!)), `${dockerfile} exists`).toBe(true);
    }
  });

  it.each(apps)('sets every variable the %s config schema requires', async (app) => {
    const module = (await import(join(root, 'apps', app, 'src', 'config.ts'))) as Record<string, unknown>;
    const schemas = configSchemasOf(module);
    expect(schemas.length, `apps/${app}/src/config.ts exports a zod object schema`).toBeGreaterThan(0);
    const env = environmentOf(compose.services[app]!, deployEnv);
    const missing = schemas.flatMap(requiredVariables).filter((name) => !(name in env));
    expect(missing).toEqual([]);
    // The values given must also pass the schema (a typo in a port or URL fails here, not in production).
    for (const schema of schemas) {
      const result = schema.safeParse(env);
      expect(result.success ? [] : result.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`)).toEqual([]);
    }
  });

  it('never exposes the apps without their shared infrastructure dependencies', () => {
    expect(Object.keys(compose.services['chat-node']?.depends_on ?? {})).toEqual(expect.arrayContaining(['redis']));
    expect(Object.keys(compose.services.console?.depends_on ?? {})).toEqual(expect.arrayContaining(['postgres', 'redis']));
  });
});

describe('docker-compose.yml secrets', () => {
  it('ships no usable default for any secret', () => {
    expect(defaultsIn(text).filter((d) => SECRET.test(d.name))).toEqual([]);
    expect(text).not.toMatch(/change-me/i);
  });

  it('refuses to start without each secret (compose ${VAR:?…}), naming it', () => {
    expect(requiredIn(text)).toEqual(['CHAT_TOKEN_SECRETS', 'CLICKHOUSE_ANALYST_PASSWORD', 'CLICKHOUSE_CONSOLE_PASSWORD', 'CLICKHOUSE_INGEST_PASSWORD', 'CLICKHOUSE_PASSWORD', 'CLICKHOUSE_READER_PASSWORD', 'CONSOLE_ADMIN_PASSWORD', 'GRAFANA_ADMIN_PASSWORD', 'POSTGRES_PASSWORD']);
    for (const name of Object.keys(deployEnv)) {
      const without = { ...deployEnv, [name]: '' };
      const missing = new Set<string>();
      for (const service of Object.values(compose.services)) {
        try {
          environmentOf(service, without);
        } catch (err) {
          expect(err).toBeInstanceOf(RequiredVariableError);
          missing.add((err as RequiredVariableError).variable);
        }
      }
      expect([...missing], `without ${name}`).toEqual([name]);
    }
  });

  it('connects ingest and the console to ClickHouse as their own users (0004_access.sql), never as default', () => {
    const ingest = environmentOf(compose.services.ingest!, deployEnv);
    const consoleEnv = environmentOf(compose.services.console!, deployEnv);
    expect([ingest.CLICKHOUSE_USER, ingest.CLICKHOUSE_PASSWORD]).toEqual(['tribune_ingest', deployEnv.CLICKHOUSE_INGEST_PASSWORD]);
    expect([consoleEnv.CLICKHOUSE_USER, consoleEnv.CLICKHOUSE_PASSWORD]).toEqual(['tribune_console', deployEnv.CLICKHOUSE_CONSOLE_PASSWORD]);
    expect([consoleEnv.CLICKHOUSE_READER_USER, consoleEnv.CLICKHOUSE_READER_PASSWORD]).toEqual(['tribune_console_reader', deployEnv.CLICKHOUSE_READER_PASSWORD]);
    const migrate = environmentOf(compose.services['clickhouse-migrate']!, deployEnv);
    for (const name of ['CLICKHOUSE_INGEST_PASSWORD', 'CLICKHOUSE_CONSOLE_PASSWORD', 'CLICKHOUSE_READER_PASSWORD', 'CLICKHOUSE_ANALYST_PASSWORD'] as const) expect(migrate[name], name).toBe(deployEnv[name]);
  });

  it('gives the chat nodes and the console the same viewer token keys', () => {
    const node = environmentOf(compose.services['chat-node']!, deployEnv);
    const consoleEnv = environmentOf(compose.services.console!, deployEnv);
    expect(node.CHAT_TOKEN_SECRETS).toBe(deployEnv.CHAT_TOKEN_SECRETS);
    expect(consoleEnv.CHAT_TOKEN_SECRETS).toBe(deployEnv.CHAT_TOKEN_SECRETS);
  });
});

describe('compose interpolation', () => {
  it('refuses a required variable that is unset or (with :?) empty', () => {
    expect(() => interpolate('${A:?set A}')).toThrow(RequiredVariableError);
    expect(() => interpolate('${A:?set A}', { A: '' })).toThrow(/A is missing a value: set A/);
    expect(interpolate('${A:?set A}', { A: 'x' })).toBe('x');
    expect(interpolate('${A?set A}', { A: '' })).toBe('');
    expect(() => interpolate('${A?set A}')).toThrow(RequiredVariableError);
  });

  it('resolves defaults, host values and escapes', async () => {
    const { interpolate } = await import('./compose-file');
    expect(interpolate('${A:-x}@${B}')).toBe('x@');
    expect(interpolate('${A:-x}', { A: 'y' })).toBe('y');
    expect(interpolate('${A:-x}', { A: '' })).toBe('x');
    expect(interpolate('${A-x}', { A: '' })).toBe('');
    expect(interpolate('$${t%%:*}')).toBe('${t%%:*}');
  });
});
