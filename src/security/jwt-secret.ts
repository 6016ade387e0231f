import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const JWT_SECRET = Symbol('JWT_SECRET');

/**
 * A secret from the environment when set. Otherwise one generated once and kept in DATA_DIR
 * (mode 0600) when `persist` (the embedded mode, or secrets whose loss would break something
 * stored, like the audit HMAC key); else a random per-process one (development only).
 */
export function resolveGeneratedSecret(options: { configured?: string; persist: boolean; dataDir: string; file: string }): { secret: string; source: 'env' | 'data-dir' | 'ephemeral' } {
  if (options.configured) return { secret: options.configured, source: 'env' };
  if (options.persist) {
    const file = join(options.dataDir, options.file);
    if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), source: 'data-dir' };
    mkdirSync(options.dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    chmodSync(file, 0o600);
    return { secret, source: 'data-dir' };
  }
  return { secret: randomBytes(48).toString('base64url'), source: 'ephemeral' };
}

/**
 * The secret behind token signing: JWT_SECRET when set. Since issue 8 tokens are signed with
 * rotating keys kept in the database (signing-keys.service.ts); this secret is what those keys
 * are encrypted under when SIGNING_KEYS_MASTER_KEY is not set.
 */
export function resolveJwtSecret(options: { configured?: string; embedded: boolean; dataDir: string }): { secret: string; source: 'env' | 'data-dir' | 'ephemeral' } {
  return resolveGeneratedSecret({ configured: options.configured, persist: options.embedded, dataDir: options.dataDir, file: 'jwt-secret' });
}
