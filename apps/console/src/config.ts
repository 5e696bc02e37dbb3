import { envBool, envList, envLogLevel, envPort, loadConfig } from '@tribune/service-kit';
import { z } from 'zod';

/** The console's environment, validated once; every bad variable is reported by name. */
export const configSchema = z.object({
  PORT: envPort.default(3000),
  /** Interface `npm start` (src/cli/serve.ts) binds `next start` to. */
  HOST: z.string().min(1).default('127.0.0.1'),
  LOG_LEVEL: envLogLevel,
  LOG_PRETTY: envBool,
  DATABASE_URL: z.string().url().default('postgresql://postgres@127.0.0.1:5432/tribune'),
  REDIS_URL: z.string().url().default('redis://127.0.0.1:6379'),
  REDIS_PREFIX: z.string().default('tribune'),
  CLICKHOUSE_URL: z.string().url().default('http://127.0.0.1:8123'),
  CLICKHOUSE_USER: z.string().default('default'),
  CLICKHOUSE_PASSWORD: z.string().default(''),
  CHAT_TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters'),
  CHAT_NODE_URLS: envList(z.string().url(), 'ws://127.0.0.1:7000/ws,ws://127.0.0.1:7001/ws'),
  /** Roles that skip spam rules besides `moderator` and `broadcaster` (comma list, e.g. `vip,bot`). */
  SPAM_EXEMPT_ROLES: z
    .string()
    .default('')
    .transform((s) => s.split(',').map((x) => x.trim()).filter(Boolean)),
  /** Lifetime of an operator session. */
  SESSION_TTL_HOURS: z.coerce.number().positive().default(12),
  /** Cookies marked Secure only behind TLS; local http would drop them otherwise. */
  COOKIE_SECURE: envBool,
  CONSOLE_ADMIN_EMAIL: z.string().email().default('admin@tribune.local'),
  CONSOLE_ADMIN_PASSWORD: z.string().min(8).default('tribune-admin'),
  /** The built `<tribune-chat>` bundle served at /widget.js; relative to the console's working directory (apps/console). */
  WIDGET_BUNDLE_PATH: z.string().min(1).default('../../packages/widget/dist/tribune-chat.js'),
});
export type Config = z.infer<typeof configSchema>;

export function readConfig(env: Record<string, string | undefined> = process.env): Config {
  return loadConfig(configSchema, env);
}
