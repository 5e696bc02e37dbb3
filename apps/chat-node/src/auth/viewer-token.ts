import { errors as joseErrors, jwtVerify, type JWTHeaderParameters } from 'jose';
import { viewerClaims, type ChatUser, type ViewerTokenKey } from '@tribune/contracts';

/** Why a token was refused; the reason goes into the BAD_TOKEN close frame (docs/protocol.md). */
export type AuthFailure = 'expired' | 'bad_signature' | 'unknown_key' | 'bad_issuer' | 'bad_audience' | 'too_long_lived' | 'bad_claims' | 'malformed';

export class AuthError extends Error {
  readonly code = 'BAD_TOKEN';
  constructor(readonly reason: AuthFailure) {
    super(`token refused: ${reason}`);
    this.name = 'AuthError';
  }
}

/** Who is on the other end of a connection: a signed-in viewer, or a read-only guest. */
export type Identity = { kind: 'viewer'; user: ChatUser } | { kind: 'guest' };

export interface TokenVerifier {
  /** Resolves the identity for a connection; no token = guest. Throws {@link AuthError}. */
  identify(token: string | null): Promise<Identity>;
}

export interface VerifierOptions {
  /** Every key accepted (rotation: old and new); `kid: null` verifies tokens that carry no `kid`. */
  keys: ViewerTokenKey[];
  issuer: string;
  audience: string;
  /** Longest accepted `exp - iat`: a leaked token is useless after at most this long. */
  maxLifetimeSeconds: number;
  /** Clock skew allowed between the signer and the node. */
  clockToleranceSeconds?: number;
}

/** Verifies viewer JWTs: HS256, `kid` picks the key, `iss`/`aud` must match, `iat`+`exp` required and bounded. */
export function createHs256Verifier(options: VerifierOptions): TokenVerifier {
  const encoder = new TextEncoder();
  const keys = new Map(options.keys.map((k) => [k.kid, encoder.encode(k.secret)] as const));
  const tolerance = options.clockToleranceSeconds ?? 30;
  const keyFor = (header: JWTHeaderParameters): Uint8Array => {
    const key = keys.get(header.kid ?? null);
    if (!key) throw new AuthError('unknown_key');
    return key;
  };
  return {
    async identify(token) {
      if (token === null || token === '') return { kind: 'guest' };
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, keyFor, {
          algorithms: ['HS256'],
          issuer: options.issuer,
          audience: options.audience,
          requiredClaims: ['exp', 'iat', 'sub'],
          // jose refuses an `iat` further in the future than the tolerance, and one older than this.
          maxTokenAge: options.maxLifetimeSeconds,
          clockTolerance: tolerance,
        }));
      } catch (err) {
        throw new AuthError(failureOf(err));
      }
      const claims = viewerClaims.safeParse(payload);
      if (!claims.success) throw new AuthError('bad_claims');
      // A token minted to live a week is refused even in its first minute.
      if (claims.data.exp - claims.data.iat > options.maxLifetimeSeconds + tolerance) throw new AuthError('too_long_lived');
      return { kind: 'viewer', user: { id: claims.data.sub, name: claims.data.name, roles: claims.data.roles } };
    },
  };
}

function failureOf(err: unknown): AuthFailure {
  if (err instanceof AuthError) return err.reason;
  if (err instanceof joseErrors.JWTExpired) return 'expired';
  if (err instanceof joseErrors.JWSSignatureVerificationFailed) return 'bad_signature';
  if (err instanceof joseErrors.JWTClaimValidationFailed) {
    if (err.claim === 'iss') return 'bad_issuer';
    if (err.claim === 'aud') return 'bad_audience';
    return 'bad_claims';
  }
  return 'malformed';
}
