import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

/**
 * Secrets at rest (signing keys in the database) under a master key from the environment:
 * AES-256-GCM with a fresh 96-bit nonce each time and the key's id as additional data, so a
 * ciphertext moved to another row does not decrypt. Text form: `v1.<nonce>.<tag>.<ciphertext>`,
 * each base64url. Pure: node:crypto only.
 */
export function masterKeyBytes(masterKey: string): Buffer {
  // 64 hex characters are the raw key; anything else is hashed to 32 bytes.
  if (/^[0-9a-f]{64}$/i.test(masterKey)) return Buffer.from(masterKey, 'hex');
  return createHash('sha256').update(masterKey).digest();
}

export function sealSecret(masterKey: Buffer, plaintext: Buffer, associatedData: string): string {
  const nonce = randomBytes(12);
  const cipher = createCipheriv('aes-256-gcm', masterKey, nonce);
  cipher.setAAD(Buffer.from(associatedData));
  const ciphertext = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return ['v1', nonce, cipher.getAuthTag(), ciphertext].map((part) => (typeof part === 'string' ? part : part.toString('base64url'))).join('.');
}

/** The plaintext, or an error when the master key, the associated data or the text is wrong. */
export function openSecret(masterKey: Buffer, sealed: string, associatedData: string): Buffer {
  const [version, nonce, tag, ciphertext] = sealed.split('.');
  if (version !== 'v1' || !nonce || !tag || ciphertext === undefined) throw new Error('not a sealed secret (v1)');
  const decipher = createDecipheriv('aes-256-gcm', masterKey, Buffer.from(nonce, 'base64url'));
  decipher.setAAD(Buffer.from(associatedData));
  decipher.setAuthTag(Buffer.from(tag, 'base64url'));
  return Buffer.concat([decipher.update(Buffer.from(ciphertext, 'base64url')), decipher.final()]);
}
