import { errors as joseErrors, jwtVerify } from 'jose';
import { viewerClaims, type ChatUser } from '@tribune/contracts';

/** Why a token was refused; the reason goes into the BAD_TOKEN close frame. */
export class AuthError extends Error {
  readonly code = 'BAD_TOKEN';
  constructor(readonly reason: 'expired' | 'bad_signature' | 'bad_claims' | 'malformed') {
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

/** Verifies viewer JWTs signed HS256 with the site secret (CHAT_TOKEN_SECRET). */
export function createHs256Verifier(secret: string): TokenVerifier {
  const key = new TextEncoder().encode(secret);
  return {
    async identify(token) {
      if (token === null || token === '') return { kind: 'guest' };
      let payload: unknown;
      try {
        ({ payload } = await jwtVerify(token, key, { algorithms: ['HS256'], requiredClaims: ['exp', 'sub'] }));
      } catch (err) {
        if (err instanceof joseErrors.JWTExpired) throw new AuthError('expired');
        if (err instanceof joseErrors.JWSSignatureVerificationFailed) throw new AuthError('bad_signature');
        if (err instanceof joseErrors.JWTClaimValidationFailed) throw new AuthError('bad_claims');
        throw new AuthError('malformed');
      }
      const claims = viewerClaims.safeParse(payload);
      if (!claims.success) throw new AuthError('bad_claims');
      return { kind: 'viewer', user: { id: claims.data.sub, name: claims.data.name, roles: claims.data.roles } };
    },
  };
}
