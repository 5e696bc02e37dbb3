import { z } from 'zod';

const port = (d: number) => z.coerce.number().int().min(1).max(65535).default(d);
const optionalUrl = z.string().min(1).optional();

/** Environment of `npm start`: every service can be pointed elsewhere; unset means "run it locally". */
export const startConfigSchema = z.object({
  DATA_DIR: z.string().min(1).default('.data'),
  KAFKA_BROKERS: optionalUrl,
  KAFKA_PORT: port(9092),
  KAFKA_TOPIC_PREFIX: z.string().default(''),
  CLICKHOUSE_URL: optionalUrl,
  CLICKHOUSE_HTTP_PORT: port(8123),
  DATABASE_URL: optionalUrl,
  REDIS_URL: optionalUrl,
  REDIS_PREFIX: z.string().min(1).default('tribune'),
  CHAT_NODE_PORTS: z
    .string()
    .default('7000,7001')
    .transform((s) => s.split(',').map((p) => Number(p.trim())))
    .pipe(z.array(z.number().int().min(1).max(65535)).min(1)),
  INGEST_PORT: port(7100),
  CONSOLE_PORT: port(3000),
  /** `dev` (next dev: fastest to a first page, and a second start is faster) or `start` (next build + next start). */
  CONSOLE_SCRIPT: z.enum(['start', 'dev']).default('start'),
  CONSOLE_ADMIN_EMAIL: z.string().default('admin@tribune.local'),
  CONSOLE_ADMIN_PASSWORD: z.string().default('tribune-admin'),
  /** Instead of .data/dev-secrets.json: the viewer token keys (kid:secret,…) or the legacy single secret. */
  CHAT_TOKEN_SECRETS: z.string().min(1).optional(),
  CHAT_TOKEN_SECRET: z.string().min(16).optional(),
  READY_TIMEOUT_SECONDS: z.coerce.number().positive().default(300),
});
export type StartConfig = z.infer<typeof startConfigSchema>;
