import { SignJWT } from 'jose';
import { z } from 'zod';

/**
 * The viewer JWT beyond its claims (protocol.ts `viewerClaims`): who issues it for whom, how long it may live, and
 * the keys it is signed with. Chat nodes verify, the console's demo page and `npm run token` sign; the streaming
 * site's backend signs the same way (docs/protocol.md, "Authentication").
 */
export const VIEWER_TOKEN_ISSUER = 'tribune';
export const VIEWER_TOKEN_AUDIENCE = 'tribune-chat';
/** Longest `exp - iat` a node accepts by default (CHAT_TOKEN_MAX_LIFETIME_SECONDS). */
export const VIEWER_TOKEN_MAX_LIFETIME_SECONDS = 24 * 3600;

/** One HS256 signing secret; `kid` is null for the legacy single CHAT_TOKEN_SECRET (tokens without a `kid`). */
export interface ViewerTokenKey {
  kid: string | null;
  secret: string;
}

const KID = /^[A-Za-z0-9_.-]{1,64}$/;
const MIN_SECRET = 16;

/** `CHAT_TOKEN_SECRETS=kid1:secret1,kid2:secret2` — the first entry is the key signers use, every entry verifies. */
export const tokenSecretsList = z
  .string()
  .default('')
  .transform((raw, ctx): ViewerTokenKey[] => {
    const keys: ViewerTokenKey[] = [];
    for (const entry of raw.split(',').map((e) => e.trim()).filter(Boolean)) {
      const colon = entry.indexOf(':');
      const kid = colon < 0 ? '' : entry.slice(0, colon);
      const secret = colon < 0 ? '' : entry.slice(colon + 1);
      // Never echo the secret into an error message: only the kid (or the entry's position).
      const label = KID.test(kid) ? `key ${kid}` : `entry ${keys.length + 1}`;
      if (!KID.test(kid)) ctx.addIssue({ code: 'custom', message: `${label}: expected kid:secret with a kid of A-Z a-z 0-9 _ . - (1-64)` });
      else if (secret.length < MIN_SECRET) ctx.addIssue({ code: 'custom', message: `${label}: secret must be at least ${MIN_SECRET} characters` });
      else if (keys.some((k) => k.kid === kid)) ctx.addIssue({ code: 'custom', message: `${label}: kid listed twice` });
      else keys.push({ kid, secret });
    }
    return keys;
  });

/** The environment fields of every process that signs or verifies viewer tokens (spread into its env schema). */
export const viewerTokenEnv = {
  /** Legacy single secret: tokens without a `kid` are verified with it. */
  CHAT_TOKEN_SECRET: z.string().min(MIN_SECRET, `must be at least ${MIN_SECRET} characters`).optional(),
  CHAT_TOKEN_SECRETS: tokenSecretsList,
  CHAT_TOKEN_ISSUER: z.string().min(1).default(VIEWER_TOKEN_ISSUER),
  CHAT_TOKEN_AUDIENCE: z.string().min(1).default(VIEWER_TOKEN_AUDIENCE),
};

type TokenEnv = { CHAT_TOKEN_SECRET?: string | undefined; CHAT_TOKEN_SECRETS: ViewerTokenKey[] };

/** Every key a verifier accepts: the kid'd ones, then the legacy secret (kid null). */
export function viewerTokenKeys(env: TokenEnv): ViewerTokenKey[] {
  return [...env.CHAT_TOKEN_SECRETS, ...(env.CHAT_TOKEN_SECRET ? [{ kid: null, secret: env.CHAT_TOKEN_SECRET }] : [])];
}

/** For an env schema's `.superRefine`: at least one key, reported under CHAT_TOKEN_SECRETS. */
export function requireViewerTokenKey(env: TokenEnv, ctx: z.RefinementCtx): void {
  if (viewerTokenKeys(env).length === 0) {
    ctx.addIssue({ code: 'custom', path: ['CHAT_TOKEN_SECRETS'], message: 'set CHAT_TOKEN_SECRETS (kid:secret,…) or CHAT_TOKEN_SECRET' });
  }
}

export interface ViewerTokenSubject {
  sub: string;
  name: string;
  roles: string[];
}

export interface SignViewerTokenOptions {
  key: ViewerTokenKey;
  issuer?: string;
  audience?: string;
  ttlSeconds: number;
  /** ms since epoch; tests pass a clock. */
  now?: number;
}

/**
 * Signs a viewer JWT the way a node verifies it: HS256, `kid` header when the key has one, `iss`, `aud`, `iat`, `exp`.
 * Used by the console's demo page, `npm run token` and the test tools; a streaming site does the same in its language.
 */
export async function signViewerToken(subject: ViewerTokenSubject, options: SignViewerTokenOptions): Promise<{ token: string; exp: number }> {
  const iat = Math.floor((options.now ?? Date.now()) / 1000);
  const exp = iat + options.ttlSeconds;
  const header = options.key.kid === null ? { alg: 'HS256', typ: 'JWT' } : { alg: 'HS256', typ: 'JWT', kid: options.key.kid };
  const token = await new SignJWT({ name: subject.name, roles: subject.roles })
    .setProtectedHeader(header)
    .setSubject(subject.sub)
    .setIssuer(options.issuer ?? VIEWER_TOKEN_ISSUER)
    .setAudience(options.audience ?? VIEWER_TOKEN_AUDIENCE)
    .setIssuedAt(iat)
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(options.key.secret));
  return { token, exp };
}
