import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname } from 'node:path';
import { z } from 'zod';

const devSecretsSchema = z.object({ CHAT_TOKEN_SECRET: z.string().min(16) });
export type DevSecrets = z.infer<typeof devSecretsSchema>;

/**
 * Secrets of the local stack, generated once into `file` (mode 600) so tokens minted yesterday
 * still verify today. Never used outside development: production sets them through env.
 */
export function loadDevSecrets(file: string): DevSecrets {
  if (existsSync(file)) {
    const parsed = devSecretsSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')));
    if (parsed.success) return parsed.data;
  }
  const secrets: DevSecrets = { CHAT_TOKEN_SECRET: randomBytes(32).toString('base64url') };
  mkdirSync(dirname(file), { recursive: true });
  writeFileSync(file, `${JSON.stringify(secrets, null, 2)}\n`, { mode: 0o600 });
  return secrets;
}
