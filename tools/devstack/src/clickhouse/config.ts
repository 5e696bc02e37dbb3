import { z } from 'zod';
import { parseReadonlyUsers } from './request-guard';

const flag = z
  .string()
  .optional()
  .transform((v) => v === '1' || v === 'true');

/** Environment of the embedded ClickHouse HTTP server (`serve.ts`). */
export const chdbServerConfigSchema = z.object({
  CLICKHOUSE_HTTP_HOST: z.string().min(1).default('127.0.0.1'),
  CLICKHOUSE_HTTP_PORT: z.coerce.number().int().min(1).max(65535).default(8123),
  CLICKHOUSE_DATA_DIR: z.string().min(1).default('.data/clickhouse'),
  /** Credentials every query must carry; with no password any request is user `default` (a fresh server). */
  CLICKHOUSE_USER: z.string().min(1).default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  /** Read-only users besides, `name:password,…` (request-guard.ts): what 0004's reader users are on a real server. */
  CLICKHOUSE_READONLY_USERS: z
    .string()
    .default('')
    .transform((text, ctx) => {
      try {
        return parseReadonlyUsers(text);
      } catch (err) {
        ctx.addIssue({ code: 'custom', message: (err as Error).message });
        return z.NEVER;
      }
    }),
  LOG_LEVEL: z.string().default('info'),
  LOG_PRETTY: flag,
});
export type ChdbServerConfig = z.infer<typeof chdbServerConfigSchema>;
