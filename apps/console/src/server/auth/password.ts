import { randomBytes, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto';

/**
 * scrypt parameters: the OWASP Password Storage Cheat Sheet floor, N=2^17, r=8, p=1 — 128 MiB and ~0.3 s per hash
 * here. Hashes made with weaker parameters verify and are rehashed at the next successful login (`needsRehash`).
 */
export const SCRYPT_PARAMS = { N: 1 << 17, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;
/** 128·N·r bytes, with room: Node's default maxmem (32 MiB) refuses N=2^17. */
const MAX_MEM = 256 * 1024 * 1024;
/** Refuse to even try parameters beyond what we ever wrote: a crafted hash must not exhaust memory. */
const MAX_N = 1 << 20;

type Params = { N: number; r: number; p: number };

function scrypt(password: string, salt: Buffer, keylen: number, options: ScryptOptions): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    scryptCb(password, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Encodes as `scrypt$N$r$p$saltB64$hashB64` so the parameters can be raised later without breaking old hashes. */
export async function hashPassword(password: string, params: Params = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await scrypt(password, salt, KEY_LENGTH, { ...params, maxmem: MAX_MEM });
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64'), key.toString('base64')].join('$');
}

function parse(encoded: string): { params: Params; salt: Buffer; hash: Buffer } | null {
  const parts = encoded.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return null;
  const [, n, r, p, saltB64, hashB64] = parts as [string, string, string, string, string, string];
  const params = { N: Number(n), r: Number(r), p: Number(p) };
  if (![params.N, params.r, params.p].every(Number.isSafeInteger) || params.N < 2 || params.N > MAX_N || params.r < 1 || params.r > 32 || params.p < 1 || params.p > 16) return null;
  return { params, salt: Buffer.from(saltB64, 'base64'), hash: Buffer.from(hashB64, 'base64') };
}

export async function verifyPassword(password: string, encoded: string): Promise<boolean> {
  const parsed = parse(encoded);
  if (!parsed || parsed.hash.length === 0) return false;
  const key = await scrypt(password, parsed.salt, parsed.hash.length, { ...parsed.params, maxmem: MAX_MEM });
  return key.length === parsed.hash.length && timingSafeEqual(key, parsed.hash);
}

/** True when the hash was made with weaker parameters than today's (or cannot be read): rehash it on login. */
export function needsRehash(encoded: string): boolean {
  const parsed = parse(encoded);
  if (!parsed) return true;
  const { N, r, p } = parsed.params;
  return N < SCRYPT_PARAMS.N || r < SCRYPT_PARAMS.r || p < SCRYPT_PARAMS.p || parsed.hash.length < KEY_LENGTH;
}
