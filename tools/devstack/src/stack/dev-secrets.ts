import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

/** `CHAT_TOKEN_SECRETS` for the local stack: one kid'd key, so tokens minted here carry a `kid` like production's. */
const devSecretsSchema = z.object({ CHAT_TOKEN_SECRETS: z.string().regex(/^[A-Za-z0-9_.-]+:.{16,}$/) });
/** What the file held before keys had ids: its secret is kept, under the kid `dev1`. */
const legacySchema = z.object({ CHAT_TOKEN_SECRET: z.string().min(16) });
export type DevSecrets = z.infer<typeof devSecretsSchema>;

function write(file: string, secrets: DevSecrets): DevSecrets {
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}

/**
 * Secrets of the local stack, generated once into `file` (mode 600) so tokens minted yesterday
 * still verify today. Never used outside development: production sets them through env.
 */
export function loadDevSecrets(file: string): DevSecrets {
  if (existsSync(file)) {
    const json: unknown = JSON.parse(readFileSync(file, 'utf8'));
    const parsed = devSecretsSchema.safeParse(json);
    if (parsed.success) return parsed.data;
    const legacy = legacySchema.safeParse(json);
    if (legacy.success) return write(file, { CHAT_TOKEN_SECRETS: `dev1:${legacy.data.CHAT_TOKEN_SECRET}` });
  }
  return write(file, { CHAT_TOKEN_SECRETS: `dev1:${randomBytes(32).toString('base64url')}` });
}
