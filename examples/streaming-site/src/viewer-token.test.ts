import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { signViewerToken } from './viewer-token.js';

describe('signViewerToken', () => {
  it('is an HS256 JWT with the claims docs/protocol.md names', async () => {
    const secret = 'site-secret-0123456789';
    const now = Date.UTC(2026, 11, 2);
    const token = await signViewerToken({ id: 'u-1', name: 'Alice', roles: ['subscriber'] }, { secret, kid: 'k2' }, 600, now);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', kid: 'k2' });
    const { payload } = await jwtVerify(token, new TextEncoder().encode(secret), { algorithms: ['HS256'], currentDate: new Date(now), issuer: 'tribune', audience: 'tribune-chat' });
    expect(payload).toMatchObject({ sub: 'u-1', name: 'Alice', roles: ['subscriber'], iat: now / 1000, exp: now / 1000 + 600 });
    await expect(jwtVerify(token, new TextEncoder().encode('another-secret-0123456'))).rejects.toThrow();
  });
});
