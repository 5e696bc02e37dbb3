import { SignJWT } from 'jose';

export interface SiteUser {
  id: string;
  name: string;
  roles: string[];
}

/**
 * The viewer token of docs/protocol.md#authentication: HS256 with the site secret, claims `sub`, `name`, `roles`,
 * `exp`. The site's backend is the only place that knows the secret and who is logged in.
 */
export async function signViewerToken(user: SiteUser, secret: string, ttlSeconds: number, now = Date.now()): Promise<string> {
  return new SignJWT({ name: user.name, roles: user.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(user.id)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(Math.floor(now / 1000) + ttlSeconds)
    .sign(new TextEncoder().encode(secret));
}
