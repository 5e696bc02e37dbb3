import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { SignJWT } from 'jose';
import { loadDevSecrets } from '../stack/dev-secrets';
import { REPO_ROOT } from '../stack/infra';
import { parseTokenArgs, TokenArgsError } from './token-args';

// `npm run token -- --user alice --name Alice [--roles subscriber] [--ttl 1h]`: a viewer JWT (HS256)
// signed with CHAT_TOKEN_SECRET, or the local stack's secret from .data/dev-secrets.json.
try {
  const args = parseTokenArgs(process.argv.slice(2));
  const secretsFile = resolve(REPO_ROOT, process.env.DATA_DIR ?? '.data', 'dev-secrets.json');
  const secret = process.env.CHAT_TOKEN_SECRET ?? (existsSync(secretsFile) || !process.env.CI ? loadDevSecrets(secretsFile).CHAT_TOKEN_SECRET : undefined);
  if (!secret || secret.length < 16) throw new TokenArgsError('CHAT_TOKEN_SECRET (≥ 16 chars) is not set and there is no .data/dev-secrets.json');
  const token = await new SignJWT({ name: args.name, roles: args.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(args.user)
    .setIssuedAt()
    .setExpirationTime(args.ttl)
    .sign(new TextEncoder().encode(secret));
  console.log(token);
} catch (err) {
  console.error(err instanceof TokenArgsError ? `mint-token: ${err.message}` : err);
  process.exit(1);
}
