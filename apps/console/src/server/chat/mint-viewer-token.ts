import { viewerClaims } from '@tribune/contracts';
import { SignJWT } from 'jose';

export interface ViewerIdentity {
  userId: string;
  name: string;
  roles: string[];
}

/** Signs a viewer JWT (HS256) exactly as a streaming site's backend would (contracts `viewerClaims`). */
export async function mintViewerToken(secret: string, who: ViewerIdentity, ttlSeconds = 3600, now = Date.now()): Promise<{ token: string; exp: number }> {
  const exp = Math.floor(now / 1000) + ttlSeconds;
  const claims = viewerClaims.parse({ sub: who.userId, name: who.name, roles: who.roles, exp });
  const token = await new SignJWT({ name: claims.name, roles: claims.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt(Math.floor(now / 1000))
    .setExpirationTime(exp)
    .sign(new TextEncoder().encode(secret));
  return { token, exp };
}
