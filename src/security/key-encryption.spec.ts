import { masterKeyBytes, openSecret, sealSecret } from './key-encryption';

const key = masterKeyBytes('00'.repeat(32));

describe('sealed secrets (AES-256-GCM)', () => {
  it('takes 64 hex characters as the raw key and hashes anything else to 32 bytes', () => {
    expect(key).toEqual(Buffer.alloc(32));
    expect(masterKeyBytes('a passphrase').length).toBe(32);
  });

  it('opens what it sealed, and seals the same secret differently each time', () => {
    const secret = Buffer.from('signing key bytes');
    const a = sealSecret(key, secret, 'kid-1');
    expect(openSecret(key, a, 'kid-1')).toEqual(secret);
    expect(sealSecret(key, secret, 'kid-1')).not.toBe(a);
    expect(a).not.toContain(secret.toString('base64url'));
  });

  it('refuses another master key, another key id, or a changed byte', () => {
    const sealed = sealSecret(key, Buffer.from('x'.repeat(32)), 'kid-1');
    expect(() => openSecret(masterKeyBytes('11'.repeat(32)), sealed, 'kid-1')).toThrow();
    expect(() => openSecret(key, sealed, 'kid-2')).toThrow();
    const parts = sealed.split('.');
    const body = Buffer.from(parts[3], 'base64url');
    body[0] ^= 1;
    expect(() => openSecret(key, [...parts.slice(0, 3), body.toString('base64url')].join('.'), 'kid-1')).toThrow();
  });
});
