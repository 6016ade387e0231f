import bcrypt from 'bcryptjs';
import { hashPassword, needsRehash, verifyPassword } from './password-hash';

const fast = { N: 2 ** 10, r: 8, p: 1 };

describe('password hashes', () => {
  it('verifies a scrypt hash and refuses another password', async () => {
    const stored = await hashPassword('Correct-Horse-1', fast);
    expect(stored).toMatch(/^scrypt\$1024\$8\$1\$[\w-]{22}\$[\w-]{43}$/);
    expect(await verifyPassword('Correct-Horse-1', stored)).toBe(true);
    expect(await verifyPassword('Correct-Horse-2', stored)).toBe(false);
  });

  it('salts: the same password twice gives two hashes', async () => {
    expect(await hashPassword('same', fast)).not.toBe(await hashPassword('same', fast));
  });

  it('still verifies a bcrypt hash from before, and asks for a rehash', async () => {
    const legacy = bcrypt.hashSync('old-password', 4);
    expect(await verifyPassword('old-password', legacy)).toBe(true);
    expect(await verifyPassword('other', legacy)).toBe(false);
    expect(needsRehash(legacy)).toBe(true);
  });

  it('asks for a rehash when the parameters are weaker than today’s', async () => {
    expect(needsRehash(await hashPassword('x', fast))).toBe(true);
    expect(needsRehash(await hashPassword('x', fast), fast)).toBe(false);
  });

  it('refuses a malformed stored hash', async () => {
    expect(await verifyPassword('x', 'plain-text')).toBe(false);
  });
});
