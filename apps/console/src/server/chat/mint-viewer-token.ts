import { signViewerToken, viewerTokenKeys, type ViewerTokenKey } from '@tribune/contracts';
import type { Config } from '../../config';

export interface ViewerIdentity {
  userId: string;
  name: string;
  roles: string[];
}

/** The id namespace of demo viewers: a console token can never speak as a real user of the streaming site. */
export const DEMO_USER_PREFIX = 'console-demo:';

type TokenConfig = Pick<Config, 'CHAT_TOKEN_SECRET' | 'CHAT_TOKEN_SECRETS' | 'CHAT_TOKEN_ISSUER' | 'CHAT_TOKEN_AUDIENCE'>;

/** The key the console signs with: the first of CHAT_TOKEN_SECRETS (rotation: put the new key first), else the legacy secret. */
export function signingKey(config: TokenConfig): ViewerTokenKey {
  const key = viewerTokenKeys(config)[0];
  // The config schema refuses a console without one; this is the type's guard, not a path.
  if (!key) throw new Error('no viewer token key configured');
  return key;
}

/** Signs a demo viewer's JWT exactly as a streaming site's backend would: kid, iss, aud, iat, exp. */
export async function mintViewerToken(config: TokenConfig, who: ViewerIdentity, ttlSeconds: number, now = Date.now()): Promise<{ token: string; exp: number; sub: string }> {
  const sub = `${DEMO_USER_PREFIX}${who.userId}`;
  const { token, exp } = await signViewerToken(
    { sub, name: who.name, roles: who.roles },
    { key: signingKey(config), issuer: config.CHAT_TOKEN_ISSUER, audience: config.CHAT_TOKEN_AUDIENCE, ttlSeconds, now },
  );
  return { token, exp, sub };
}
