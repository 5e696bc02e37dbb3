import { runChecks, type ReadinessCheck } from '@tribune/service-kit';
import type { Services } from '../services';

export function readinessChecks(services: Services): ReadinessCheck[] {
  return [
    { name: 'postgres', check: async () => void (await services.db.$queryRaw`SELECT 1`) },
    { name: 'redis', check: async () => void (await services.redis.ping()) },
    {
      name: 'clickhouse',
      check: async () => {
        const { success } = await services.clickhouse.ping();
        if (!success) throw new Error('ping failed');
      },
    },
  ];
}

export async function readiness(services: Services): Promise<{ ok: boolean; failures: Record<string, string> }> {
  const failures = await runChecks(readinessChecks(services));
  return { ok: Object.keys(failures).length === 0, failures };
}
