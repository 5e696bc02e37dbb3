import { SignJWT } from 'jose';

export interface SiteUser {
  id: string;
  name: string;
  roles: string[];
}

/** Which key signs, and the `iss`/`aud` the nodes expect (docs/protocol.md, "Authentication"). */
export interface TokenKey {
  secret: string;
  /** The key's id during a rotation (`kid` header); empty when the nodes use one unnamed secret. */
  kid?: string;
  issuer?: string;
  audience?: string;
}

/**
 * The viewer token of docs/protocol.md#authentication: HS256 with the site secret, claims `sub`, `name`, `roles`,
 * `iss`, `aud`, `iat`, `exp` (and `kid` in the header when keys rotate). The site's backend is the only place that
 * knows the secret and who is logged in.
 */
export async function signViewerToken(user: SiteUser, key: TokenKey, ttlSeconds: number, now = Date.now()): Promise<string> {
  return new SignJWT({ name: user.name, roles: user.roles })
    .setProtectedHeader(key.kid ? { alg: 'HS256', typ: 'JWT', kid: key.kid } : { alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuer(key.issuer ?? 'tribune')
    .setAudience(key.audience ?? 'tribune-chat')
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + ttlSeconds)
    .sign(new TextEncoder().encode(key.secret));
}
