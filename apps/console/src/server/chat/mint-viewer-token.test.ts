import { decodeProtectedHeader, jwtVerify } from 'jose';
import { describe, expect, it } from 'vitest';
import { readConfig } from '../../config';
import { mintViewerToken } from './mint-viewer-token';

const secret = 'a-test-secret-of-32-characters!!';
const newer = 'the-new-rotation-secret-0123456789';
const key = (s: string) => new TextEncoder().encode(s);

describe('viewer tokens minted by the console', () => {
  it('carry the contract claims, iss and aud, in the demo namespace, and verify with the shared secret only', async () => {
    const config = readConfig({ CHAT_TOKEN_SECRET: secret });
    const { token, exp, sub } = await mintViewerToken(config, { userId: 'u1', name: 'Alice', roles: ['subscriber'] }, 60);
    const { payload, protectedHeader } = await jwtVerify(token, key(secret), { issuer: 'tribune', audience: 'tribune-chat' });
    expect(protectedHeader).toEqual({ alg: 'HS256', typ: 'JWT' });
    expect(sub).toBe('console-demo:u1');
    expect(payload).toMatchObject({ sub: 'console-demo:u1', name: 'Alice', roles: ['subscriber'], exp, iss: 'tribune', aud: 'tribune-chat' });
    expect(payload.exp! - payload.iat!).toBe(60);
    await expect(jwtVerify(token, key('another-secret-of-32-characters!'))).rejects.toThrow();
  });

  it('signs with the first CHAT_TOKEN_SECRETS key and names it in kid, with the configured iss/aud', async () => {
    const config = readConfig({ CHAT_TOKEN_SECRETS: `k2026:${newer},k2025:${secret}`, CHAT_TOKEN_SECRET: secret, CHAT_TOKEN_ISSUER: 'site', CHAT_TOKEN_AUDIENCE: 'chat' });
    const { token } = await mintViewerToken(config, { userId: 'u1', name: 'Alice', roles: [] }, 60);
    expect(decodeProtectedHeader(token)).toMatchObject({ alg: 'HS256', kid: 'k2026' });
    const { payload } = await jwtVerify(token, key(newer), { issuer: 'site', audience: 'chat' });
    expect(payload.sub).toBe('console-demo:u1');
  });
});
