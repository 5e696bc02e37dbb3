import { z } from 'zod';

const port = (fallback: number) => z.coerce.number().int().min(1).max(65535).default(fallback);

/** The site's environment, checked once at start; every bad variable is named. */
export const configSchema = z.object({
  PORT: port(3400),
  HOST: z.string().min(1).default('127.0.0.1'),
  /** The secret the chat nodes verify viewer tokens with (the nodes' CHAT_TOKEN_SECRET). Never sent to the browser. */
  CHAT_TOKEN_SECRET: z.string().min(16, 'must be at least 16 characters (the chat nodes’ CHAT_TOKEN_SECRET)'),
  /** The key id of that secret when the nodes rotate keys (`CHAT_TOKEN_SECRETS=kid:secret,…` on the nodes); empty = none. */
  CHAT_TOKEN_KID: z.string().default(''),
  /** `iss` / `aud` the nodes check (their CHAT_TOKEN_ISSUER / CHAT_TOKEN_AUDIENCE). */
  CHAT_TOKEN_ISSUER: z.string().min(1).default('tribune'),
  CHAT_TOKEN_AUDIENCE: z.string().min(1).default('tribune-chat'),
  /** The chat nodes the widget may use, comma separated. */
  CHAT_NODE_URLS: z.string().min(1).default('ws://127.0.0.1:7000/ws,ws://127.0.0.1:7001/ws'),
  /** Where the widget is loaded from: the console serves it. */
  WIDGET_URL: z.string().url().default('http://127.0.0.1:3000/widget.js'),
  ROOM: z.string().regex(/^[a-z0-9][a-z0-9_-]{0,63}$/).default('demo'),
  /** Lifetime of a viewer token; the widget fetches a new one before it expires. */
  TOKEN_TTL_SECONDS: z.coerce.number().int().min(30).default(600),
});
export type Config = z.infer<typeof configSchema>;

export function loadConfig(env: Record<string, string | undefined>): Config {
  const parsed = configSchema.safeParse(env);
  if (parsed.success) return parsed.data;
  const lines = parsed.error.issues.map((i) => `  ${i.path.join('.')}: ${i.message}`);
  throw new Error(`streaming-site: bad environment\n${lines.join('\n')}`);
}
