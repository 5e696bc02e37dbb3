import { describe, expect, it } from 'vitest';
import { hashPassword, needsRehash, SCRYPT_PARAMS, verifyPassword } from './password';

// N=2^17 costs ~0.3-1 s per hash on a loaded 2-core box: the default 5 s per test is too tight for several.
describe('password hashing', { timeout: 30_000 }, () => {
  it('hashes at the OWASP floor for scrypt (N=2^17, r=8, p=1)', async () => {
    expect(SCRYPT_PARAMS).toEqual({ N: 131072, r: 8, p: 1 });
    const hash = await hashPassword('correct horse');
    expect(hash).toMatch(/^scrypt\$131072\$8\$1\$[^$]+\$[^$]+$/);
    expect(needsRehash(hash)).toBe(false);
  });

  it('verifies the right password and refuses a wrong one', async () => {
    const hash = await hashPassword('correct horse');
    expect(await verifyPassword('correct horse', hash)).toBe(true);
    expect(await verifyPassword('correct horsE', hash)).toBe(false);
  });

  it('still verifies a hash made with the older N=2^15, and says it needs a rehash', async () => {
    const old = await hashPassword('correct horse', { N: 1 << 15, r: 8, p: 1 });
    expect(old).toMatch(/^scrypt\$32768\$/);
    expect(await verifyPassword('correct horse', old)).toBe(true);
    expect(needsRehash(old)).toBe(true);
  });

  it('salts every hash', async () => {
    expect(await hashPassword('same')).not.toBe(await hashPassword('same'));
  });

  it('refuses malformed encodings, and parameters past any we write, instead of throwing', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
    expect(await verifyPassword('x', 'bcrypt$1$2$3$4$5')).toBe(false);
    expect(await verifyPassword('x', `scrypt$${2 ** 30}$8$1$c2FsdA==$aGFzaA==`)).toBe(false);
    expect(needsRehash('plain-text')).toBe(true);
  });
});
