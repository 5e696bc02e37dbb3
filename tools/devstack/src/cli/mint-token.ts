import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { signViewerToken, tokenSecretsList, viewerTokenKeys } from '@tribune/contracts';
import { loadDevSecrets } from '../stack/dev-secrets';
import { REPO_ROOT } from '../stack/infra';
import { parseTokenArgs, TokenArgsError, ttlSeconds } from './token-args';

// `npm run token -- --user alice --name Alice [--roles subscriber] [--ttl 1h]`: a viewer JWT (HS256, kid, iss, aud)
// signed with the first of CHAT_TOKEN_SECRETS, else CHAT_TOKEN_SECRET, else the local stack's .data/dev-secrets.json.
try {
  const args = parseTokenArgs(process.argv.slice(2));
  const secretsFile = resolve(REPO_ROOT, process.env.DATA_DIR ?? '.data', 'dev-secrets.json');
  const fromEnv = process.env.CHAT_TOKEN_SECRETS ?? (process.env.CHAT_TOKEN_SECRET ? undefined : existsSync(secretsFile) || !process.env.CI ? loadDevSecrets(secretsFile).CHAT_TOKEN_SECRETS : undefined);
  const parsed = tokenSecretsList.safeParse(fromEnv);
  if (!parsed.success) throw new TokenArgsError(`CHAT_TOKEN_SECRETS: ${parsed.error.issues.map((i) => i.message).join('; ')}`);
  const legacy = process.env.CHAT_TOKEN_SECRET;
  if (legacy !== undefined && legacy.length < 16) throw new TokenArgsError('CHAT_TOKEN_SECRET must be at least 16 characters');
  const [key] = viewerTokenKeys({ CHAT_TOKEN_SECRETS: parsed.data, CHAT_TOKEN_SECRET: legacy });
  if (!key) throw new TokenArgsError('no key: set CHAT_TOKEN_SECRETS (kid:secret) or CHAT_TOKEN_SECRET, or run npm start once for .data/dev-secrets.json');
  const { token } = await signViewerToken(
    { sub: args.user, name: args.name, roles: args.roles },
    { key, ttlSeconds: ttlSeconds(args.ttl), issuer: process.env.CHAT_TOKEN_ISSUER || undefined, audience: process.env.CHAT_TOKEN_AUDIENCE || undefined },
  );
  console.log(token);
} catch (err) {
  console.error(err instanceof TokenArgsError ? `mint-token: ${err.message}` : err);
  process.exit(1);
}
