import { randomBytes } from 'node:crypto';
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';

export const JWT_SECRET = Symbol('JWT_SECRET');

/**
 * The token-signing secret: JWT_SECRET when set. Otherwise, in the embedded mode, one generated
 * once and kept in DATA_DIR (mode 0600) so tokens survive a restart of the demo; elsewhere a
 * random per-process secret (development only: production refuses to start without JWT_SECRET).
 */
export function resolveJwtSecret(options: { configured?: string; embedded: boolean; dataDir: string }): { secret: string; source: 'env' | 'data-dir' | 'ephemeral' } {
  if (options.configured) return { secret: options.configured, source: 'env' };
  if (options.embedded) {
    const file = join(options.dataDir, 'jwt-secret');
    if (existsSync(file)) return { secret: readFileSync(file, 'utf8').trim(), source: 'data-dir' };
    mkdirSync(options.dataDir, { recursive: true });
    const secret = randomBytes(48).toString('base64url');
    writeFileSync(file, secret, { mode: 0o600 });
    chmodSync(file, 0o600);
    return { secret, source: 'data-dir' };
  }
  return { secret: randomBytes(48).toString('base64url'), source: 'ephemeral' };
}
