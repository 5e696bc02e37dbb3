import { jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { mintViewerToken } from './mint-viewer-token';

const secret = 'a-test-secret-of-32-characters!!';

describe('viewer tokens', () => {
  it('carries the contract claims and verifies with the shared secret only', async () => {
    const { token, exp } = await mintViewerToken(secret, { userId: 'u1', name: 'Alice', roles: ['subscriber'] }, 60);
    const { payload, protectedHeader } = await jwtVerify(token, new TextEncoder().encode(secret));
    expect(protectedHeader.alg).toBe('HS256');
    expect(payload).toMatchObject({ sub: 'u1', name: 'Alice', roles: ['subscriber'], exp });
    await expect(jwtVerify(token, new TextEncoder().encode('another-secret-of-32-characters!'))).rejects.toThrow();
  });
});
