import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { createMetricsRegistry, PROCESS_FAULTS_METRIC } from '@tribune/service-kit';
import type { Registry } from 'prom-client';
import { parse } from 'yaml';
import { describe, expect, it } from 'vitest';
import { readComposeFile } from './compose-file';

const root = resolve(import.meta.dirname, '../../..');

interface Panel {
  type: string;
  title: string;
  targets?: { expr: string }[];
}

/** Every app's metrics module: where its prefix and its own metrics are defined (main.ts builds the same). */
const APPS = [
  { app: 'chat-node', module: 'apps/chat-node/src/metrics.ts', factory: 'createChatMetrics', guards: true },
  { app: 'ingest', module: 'apps/ingest/src/metrics.ts', factory: 'createIngestMetrics', guards: true },
  { app: 'console', module: 'apps/console/src/server/ops/console-metrics.ts', factory: 'createConsoleMetrics', guards: false },
] as const;

/** The series names each app exports on /metrics: its metrics, Node's default ones, histogram series. */
async function exportedSeries(): Promise<Map<string, string>> {
  const series = new Map<string, string>();
  for (const { app, module, factory, guards } of APPS) {
    const mod = (await import(join(root, module))) as Record<string, unknown>;
    const prefix = mod.METRICS_PREFIX as string;
    expect(prefix, `${module} exports METRICS_PREFIX`).toMatch(/^tribune_[a-z_]+_$/);
    const registry = createMetricsRegistry(prefix);
    (mod[factory] as (r: Registry) => unknown)(registry);
    const names = (await registry.getMetricsAsJSON()).map((m) => ({ name: m.name, type: String(m.type) }));
    if (guards) names.push({ name: `${prefix}${PROCESS_FAULTS_METRIC}`, type: 'counter' });
    for (const { name, type } of names) {
      expect(name.startsWith(prefix), `${app} metric ${name} starts with ${prefix}`).toBe(true);
      series.set(name, app);
      if (type === 'histogram') for (const suffix of ['_bucket', '_sum', '_count']) series.set(`${name}${suffix}`, app);
      if (type === 'summary') for (const suffix of ['_sum', '_count']) series.set(`${name}${suffix}`, app);
    }
  }
  return series;
}

/** Metric names in a PromQL expression: identifiers of our scheme (functions, labels and keywords are not). */
function metricsIn(expr: string): string[] {
  return [...expr.matchAll(/\btribune_[a-z0-9_]+/g)].map((m) => m[0]);
}

describe('Grafana dashboard (ops/grafana/dashboards/tribune.json)', () => {
  const dashboard = JSON.parse(readFileSync(join(root, 'ops/grafana/dashboards/tribune.json'), 'utf8')) as { uid: string; panels: Panel[] };
  const panels = dashboard.panels.filter((p) => p.type !== 'row');

  it('parses and has panels for the nodes, the pipeline and the console', () => {
    expect(dashboard.uid).toBe('tribune-overview');
    expect(panels.length).toBeGreaterThanOrEqual(15);
    const titles = dashboard.panels.filter((p) => p.type === 'row').map((p) => p.title);
    expect(titles).toEqual(['Chat nodes', 'Pipeline (Kafka → ClickHouse)', 'Console']);
    for (const p of panels) expect(p.targets?.length ?? 0, `panel "${p.title}" has a query`).toBeGreaterThan(0);
  });

  it('queries only metrics an app exports, and every app is on the dashboard', async () => {
    const series = await exportedSeries();
    const queried = panels.flatMap((p) => (p.targets ?? []).flatMap((t) => metricsIn(t.expr).map((name) => ({ panel: p.title, name }))));
    expect(queried.length).toBeGreaterThan(20);
    expect(queried.filter((q) => !series.has(q.name))).toEqual([]);
    expect(new Set(queried.map((q) => series.get(q.name)))).toEqual(new Set(APPS.map((a) => a.app)));
  });
});

describe('Prometheus and Grafana in docker-compose.yml', () => {
  const compose = readComposeFile(join(root, 'docker-compose.yml'));

  it('scrapes every app on its metrics path', () => {
    const config = parse(readFileSync(join(root, 'ops/prometheus/prometheus.yml'), 'utf8')) as { scrape_configs: { job_name: string; metrics_path: string; static_configs: { targets: string[] }[] }[] };
    const jobs = Object.fromEntries(config.scrape_configs.map((j) => [j.job_name, j]));
    expect(Object.keys(jobs).sort()).toEqual(['chat-node', 'console', 'ingest']);
    expect(jobs.console?.metrics_path).toBe('/api/metrics');
    for (const [job, port] of [['chat-node', 7000], ['ingest', 7100], ['console', 3000]] as const) {
      expect(compose.services[job], `service ${job}`).toBeDefined();
      expect(jobs[job]?.static_configs[0]?.targets).toEqual([`${job}:${port}`]);
    }
  });

  it('runs Prometheus and Grafana with the provisioning mounted', () => {
    const volumes = (name: string) => (compose.services[name] as { volumes?: string[] } | undefined)?.volumes ?? [];
    expect(volumes('prometheus')).toContain('./ops/prometheus/prometheus.yml:/etc/prometheus/prometheus.yml:ro');
    expect(volumes('grafana')).toEqual(expect.arrayContaining(['./ops/grafana/provisioning:/etc/grafana/provisioning:ro', './ops/grafana/dashboards:/var/lib/grafana/dashboards:ro']));
  });
});
