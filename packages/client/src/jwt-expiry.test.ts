import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { jwtExpiryMs } from './jwt-expiry';

describe('jwtExpiryMs', () => {
  it('reads exp (s → ms) from a signed token without its key, with a non-ASCII name in the payload', async () => {
    const token = await new SignJWT({ sub: 'u1', name: '민준 🎉', roles: [] }).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(1_900_000_000).sign(new TextEncoder().encode('secret'));
    expect(jwtExpiryMs(token)).toBe(1_900_000_000_000);
  });

  it('is undefined for what is not a JWT with a numeric exp', () => {
    expect(jwtExpiryMs('opaque-token')).toBeUndefined();
    expect(jwtExpiryMs('a.!!!.c')).toBeUndefined();
    const noExp = `x.${btoa(JSON.stringify({ sub: 'u' })).replace(/=+$/, '')}.y`;
    expect(jwtExpiryMs(noExp)).toBeUndefined();
    const textExp = `x.${btoa(JSON.stringify({ exp: 'soon' }))}.y`;
    expect(jwtExpiryMs(textExp)).toBeUndefined();
  });
});
