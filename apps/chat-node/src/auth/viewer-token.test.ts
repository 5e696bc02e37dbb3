import { signViewerToken, VIEWER_TOKEN_AUDIENCE, VIEWER_TOKEN_ISSUER, type ViewerTokenKey } from '@tribune/contracts';
import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthError, createHs256Verifier, type VerifierOptions } from './viewer-token';

const legacy: ViewerTokenKey = { kid: null, secret: 'unit-test-secret-0123456789' };
const oldKey: ViewerTokenKey = { kid: 'k2025', secret: 'old-rotation-secret-0123456789' };
const newKey: ViewerTokenKey = { kid: 'k2026', secret: 'new-rotation-secret-0123456789' };
const options: VerifierOptions = { keys: [legacy], issuer: VIEWER_TOKEN_ISSUER, audience: VIEWER_TOKEN_AUDIENCE, maxLifetimeSeconds: 3600 };
const alice = { sub: 'u1', name: 'Alice', roles: ['subscriber'] };
const now = () => Math.floor(Date.now() / 1000);

/** A raw token, for the claims signViewerToken would never produce. */
function raw(claims: Record<string, unknown>, opts: { key?: ViewerTokenKey; iat?: number; exp?: number; iss?: string; aud?: string } = {}) {
  const key = opts.key ?? legacy;
  let jwt = new SignJWT(claims).setProtectedHeader(key.kid ? { alg: 'HS256', kid: key.kid } : { alg: 'HS256' });
  if (opts.iss !== '') jwt = jwt.setIssuer(opts.iss ?? VIEWER_TOKEN_ISSUER);
  if (opts.aud !== '') jwt = jwt.setAudience(opts.aud ?? VIEWER_TOKEN_AUDIENCE);
  if (opts.iat !== -1) jwt = jwt.setIssuedAt(opts.iat ?? now());
  if (opts.exp !== -1) jwt = jwt.setExpirationTime(opts.exp ?? now() + 600);
  return jwt.sign(new TextEncoder().encode(key.secret));
}

async function refusal(verifier: ReturnType<typeof createHs256Verifier>, token: string | Promise<string>) {
  const err = await verifier.identify(await token).catch((e: unknown) => e);
  expect(err).toBeInstanceOf(AuthError);
  return (err as AuthError).reason;
}

describe('createHs256Verifier', () => {
  const verifier = createHs256Verifier(options);

  it('treats a missing token as a read-only guest', async () => {
    expect(await verifier.identify(null)).toEqual({ kind: 'guest' });
    expect(await verifier.identify('')).toEqual({ kind: 'guest' });
  });

  it('returns the viewer from valid claims', async () => {
    const { token } = await signViewerToken(alice, { key: legacy, ttlSeconds: 600 });
    expect(await verifier.identify(token)).toEqual({ kind: 'viewer', user: { id: 'u1', name: 'Alice', roles: ['subscriber'] } });
  });

  it('defaults roles to none', async () => {
    expect(await verifier.identify(await raw({ sub: 'u2', name: 'Bob' }))).toEqual({ kind: 'viewer', user: { id: 'u2', name: 'Bob', roles: [] } });
  });

  it.each([
    ['expired', () => raw({ sub: 'u', name: 'n' }, { iat: now() - 700, exp: now() - 60 })],
    ['bad_signature', () => raw({ sub: 'u', name: 'n' }, { key: { kid: null, secret: 'another-secret-0123456789' } })],
    ['bad_claims', () => raw({ sub: 'u' })],
    ['malformed', async () => 'not.a.jwt'],
  ])('refuses a token that is %s', async (reason, make) => {
    expect(await refusal(verifier, make())).toBe(reason);
  });

  it('refuses a token without exp or without iat', async () => {
    expect(await refusal(verifier, raw({ sub: 'u', name: 'n' }, { exp: -1 }))).toBe('bad_claims');
    expect(await refusal(verifier, raw({ sub: 'u', name: 'n' }, { iat: -1 }))).toBe('bad_claims');
  });

  it('checks iss and aud against the configuration', async () => {
    expect(await refusal(verifier, raw({ sub: 'u', name: 'n' }, { iss: 'someone-else' }))).toBe('bad_issuer');
    expect(await refusal(verifier, raw({ sub: 'u', name: 'n' }, { iss: '' }))).toBe('bad_issuer');
    expect(await refusal(verifier, raw({ sub: 'u', name: 'n' }, { aud: 'another-service' }))).toBe('bad_audience');
    expect(await refusal(verifier, raw({ sub: 'u', name: 'n' }, { aud: '' }))).toBe('bad_audience');
    const custom = createHs256Verifier({ ...options, issuer: 'site.example', audience: 'chat.site.example' });
    const { token } = await signViewerToken(alice, { key: legacy, ttlSeconds: 600, issuer: 'site.example', audience: 'chat.site.example' });
    expect(await custom.identify(token)).toMatchObject({ kind: 'viewer' });
    expect(await refusal(verifier, token)).toBe('bad_issuer');
  });

  it('refuses a token whose lifetime passes the maximum, even while young', async () => {
    const { token } = await signViewerToken(alice, { key: legacy, ttlSeconds: 7 * 24 * 3600 });
    expect(await refusal(verifier, token)).toBe('too_long_lived');
    // issued in the future: a signer's clock too far ahead, or a forged iat to stretch the lifetime
    expect(await refusal(verifier, raw({ sub: 'u', name: 'n' }, { iat: now() + 3000, exp: now() + 3300 }))).toBe('bad_claims');
    // issued longer ago than the maximum lifetime (an exp pushed out beyond it)
    expect(await refusal(verifier, raw({ sub: 'u', name: 'n' }, { iat: now() - 7200, exp: now() + 60 }))).toBe('expired');
  });

  it('accepts old and new keys during a rotation, picked by kid; the legacy secret only for tokens without kid', async () => {
    const rotating = createHs256Verifier({ ...options, keys: [newKey, oldKey, legacy] });
    for (const key of [newKey, oldKey, legacy]) {
      const { token } = await signViewerToken(alice, { key, ttlSeconds: 600 });
      expect(await rotating.identify(token), `signed with ${key.kid ?? 'legacy'}`).toMatchObject({ kind: 'viewer', user: { id: 'u1' } });
    }
    // a kid the node does not know, or a known kid over another key's signature
    expect(await refusal(rotating, signViewerToken(alice, { key: { kid: 'k1999', secret: 'x'.repeat(32) }, ttlSeconds: 600 }).then((t) => t.token))).toBe('unknown_key');
    expect(await refusal(rotating, signViewerToken(alice, { key: { kid: 'k2026', secret: oldKey.secret }, ttlSeconds: 600 }).then((t) => t.token))).toBe('bad_signature');
    // after the rotation the old key is gone, and with no legacy secret a token without kid has no key
    const rotated = createHs256Verifier({ ...options, keys: [newKey] });
    expect(await refusal(rotated, signViewerToken(alice, { key: oldKey, ttlSeconds: 600 }).then((t) => t.token))).toBe('unknown_key');
    expect(await refusal(rotated, signViewerToken(alice, { key: legacy, ttlSeconds: 600 }).then((t) => t.token))).toBe('unknown_key');
  });
});
