import { createHash, randomBytes } from 'node:crypto';

export const API_TOKEN_PREFIX = 'trb_';

/** `trb_` + 32 random bytes (base64url): 256 bits, shown once. */
export function newApiToken(): string {
  return API_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/**
 * SHA-256, unsalted and fast, on purpose: a token carries 256 random bits, so no dictionary or brute force over its
 * hash is possible (unlike a password, which needs scrypt), and a lookup by hash stays one indexed read per request.
 */
export function hashApiToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}

/** The token from `Authorization: Bearer …`, or null when the header is absent or another scheme. */
export function bearerOf(authorization: string | null): string | null {
  if (!authorization) return null;
  const m = /^Bearer\s+(\S+)\s*$/i.exec(authorization);
  return m ? m[1]! : null;
}
