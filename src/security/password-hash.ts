import bcrypt from 'bcryptjs';
import { randomBytes, scrypt, timingSafeEqual } from 'node:crypto';

/**
 * Password hashes. New hashes are scrypt (RFC 7914) through node:crypto, which runs on libuv's
 * thread pool, so a burst of logins does not stop the event loop serving reads. Stored as
 * `scrypt$N$r$p$salt$hash` (salt and hash base64url). Hashes made before (bcrypt, `$2…`) still
 * verify — bcryptjs, on the event loop — and `needsRehash` tells the caller to replace them.
 *
 * N = 2^15, r = 8, p = 1: 32 MiB and ~50–100 ms per hash on one core (OWASP's scrypt minimum is
 * N = 2^17 with r = 8 at p = 1 for 128 MiB; we take 2^15 to keep memory per concurrent login small).
 */
export const SCRYPT_PARAMS = { N: 2 ** 15, r: 8, p: 1 } as const;
const KEY_LENGTH = 32;

function scryptAsync(password: string, salt: Buffer, params: { N: number; r: number; p: number }): Promise<Buffer> {
  return new Promise((resolve, reject) =>
    scrypt(password, salt, KEY_LENGTH, { ...params, maxmem: 256 * params.N * params.r + 1024 * 1024 }, (error, key) => (error ? reject(error) : resolve(key))),
  );
}

export async function hashPassword(password: string, params: { N: number; r: number; p: number } = SCRYPT_PARAMS): Promise<string> {
  const salt = randomBytes(16);
  const key = await scryptAsync(password, salt, params);
  return `scrypt$${params.N}$${params.r}$${params.p}$${salt.toString('base64url')}$${key.toString('base64url')}`;
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  if (stored.startsWith('$2')) return bcrypt.compare(password, stored);
  const parts = stored.split('$');
  if (parts.length !== 6 || parts[0] !== 'scrypt') return false;
  const [N, r, p] = parts.slice(1, 4).map(Number);
  const expected = Buffer.from(parts[5], 'base64url');
  const actual = await scryptAsync(password, Buffer.from(parts[4], 'base64url'), { N, r, p });
  return actual.length === expected.length && timingSafeEqual(actual, expected);
}

/** True for hashes made with another algorithm or weaker parameters than today's. */
export function needsRehash(stored: string, params: { N: number; r: number; p: number } = SCRYPT_PARAMS): boolean {
  const parts = stored.split('$');
  return !(parts[0] === 'scrypt' && Number(parts[1]) >= params.N && Number(parts[2]) >= params.r && Number(parts[3]) >= params.p);
}
