import { SignJWT } from 'jose';
import { describe, expect, it } from 'vitest';
import { AuthError, createHs256Verifier } from './viewer-token';

const secret = 'unit-test-secret-0123456789';
const key = new TextEncoder().encode(secret);
const sign = (claims: Record<string, unknown>, exp: string | number = '1h', k = key) =>
  new SignJWT(claims).setProtectedHeader({ alg: 'HS256' }).setExpirationTime(exp).sign(k);

describe('createHs256Verifier', () => {
  const verifier = createHs256Verifier(secret);

  it('treats a missing token as a read-only guest', async () => {
    expect(await verifier.identify(null)).toEqual({ kind: 'guest' });
    expect(await verifier.identify('')).toEqual({ kind: 'guest' });
  });

  it('returns the viewer from valid claims', async () => {
    const token = await sign({ sub: 'u1', name: 'Alice', roles: ['subscriber'] });
    expect(await verifier.identify(token)).toEqual({ kind: 'viewer', user: { id: 'u1', name: 'Alice', roles: ['subscriber'] } });
  });

  it('defaults roles to none', async () => {
    const token = await sign({ sub: 'u2', name: 'Bob' });
    expect(await verifier.identify(token)).toEqual({ kind: 'viewer', user: { id: 'u2', name: 'Bob', roles: [] } });
  });

  it.each([
    ['expired', () => sign({ sub: 'u', name: 'n' }, Math.floor(Date.now() / 1000) - 60)],
    ['bad_signature', () => sign({ sub: 'u', name: 'n' }, '1h', new TextEncoder().encode('another-secret-0123456789'))],
    ['bad_claims', () => sign({ sub: 'u' })],
    ['malformed', async () => 'not.a.jwt'],
  ])('refuses a token that is %s', async (reason, make) => {
    const err = await verifier.identify(await make()).catch((e: unknown) => e);
    expect(err).toBeInstanceOf(AuthError);
    expect((err as AuthError).reason).toBe(reason);
  });

  it('refuses a token without exp', async () => {
    const token = await new SignJWT({ sub: 'u', name: 'n' }).setProtectedHeader({ alg: 'HS256' }).sign(key);
    await expect(verifier.identify(token)).rejects.toBeInstanceOf(AuthError);
  });
});
