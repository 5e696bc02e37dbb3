import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { environmentOf, readComposeFile } from './compose-file';
import { configSchemasOf, requiredVariables } from './required-variables';

const root = resolve(import.meta.dirname, '../../..');
const compose = readComposeFile(join(root, 'docker-compose.yml'));

const apps = ['chat-node', 'ingest', 'console'] as const;

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
    const env = environmentOf(compose.services[app]!);
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

describe('compose interpolation', () => {
  it('resolves defaults, host values and escapes', async () => {
    const { interpolate } = await import('./compose-file');
    expect(interpolate('${A:-x}@${B}')).toBe('x@');
    expect(interpolate('${A:-x}', { A: 'y' })).toBe('y');
    expect(interpolate('${A:-x}', { A: '' })).toBe('x');
    expect(interpolate('${A-x}', { A: '' })).toBe('');
    expect(interpolate('$${t%%:*}')).toBe('${t%%:*}');
  });
});
