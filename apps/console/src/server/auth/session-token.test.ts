import { describe, expect, it } from 'vitest';
import { hashSessionToken, newSessionToken, readSessionCookie, sessionCookie } from './session-token';

describe('session tokens', () => {
  it('are random and hashed deterministically', () => {
    const a = newSessionToken();
    expect(a).not.toBe(newSessionToken());
    expect(hashSessionToken(a)).toBe(hashSessionToken(a));
    expect(hashSessionToken(a)).toMatch(/^[0-9a-f]{64}$/);
  });

  it('round-trips through the cookie header with the right attributes', () => {
    const cookie = sessionCookie('tok', 3600, false);
    expect(cookie).toContain('HttpOnly');
    expect(cookie).toContain('SameSite=Lax');
    expect(cookie).not.toContain('Secure');
    expect(readSessionCookie(`a=1; ${cookie.split(';')[0]}; b=2`)).toBe('tok');
    expect(readSessionCookie('a=1')).toBeNull();
    expect(readSessionCookie('tribune_session=')).toBeNull();
  });
});
