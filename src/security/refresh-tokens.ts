import { createHash, randomBytes } from 'node:crypto';

/**
 * Refresh tokens: opaque, 256 random bits, kept in the database only as their SHA-256 (a
 * database reader cannot use them; a fast hash is enough for a random secret of this size).
 * Each login starts a family; every refresh uses its token up and issues the next one in the
 * family. A used token presented again is the theft signal: the family and the user's
 * sessions end. Pure: no database, no clock.
 */
export const REFRESH_TOKEN_PREFIX = 'nnr_';

export function newRefreshToken(): string {
  return REFRESH_TOKEN_PREFIX + randomBytes(32).toString('base64url');
}

/** The stored form: SHA-256 hex. Undefined for anything that cannot be one of ours (no database lookup then). */
export function refreshTokenHash(token: string): string | undefined {
  if (!/^nnr_[A-Za-z0-9_-]{43}$/.test(token)) return undefined;
  return createHash('sha256').update(token).digest('hex');
}

export interface RefreshRow {
  usedAt: Date | null;
  revokedAt: Date | null;
  expiresAt: Date;
}

/**
 * Why a refresh token that could not be claimed (used, revoked or expired) was refused:
 * - `revoked`: its family ended (logout, reuse, the user's sessions ended);
 * - `concurrent`: used less than `graceMs` ago — two tabs or a double click refreshing at once;
 *   refused, but not read as theft (the winner's new tokens stay valid);
 * - `reuse`: used earlier than that — someone holds a copy: the family must end;
 * - `expired`.
 */
export type RefreshRefusal = 'revoked' | 'concurrent' | 'reuse' | 'expired';

export function refusalOf(row: RefreshRow, nowMs: number, graceMs: number): RefreshRefusal {
  if (row.revokedAt) return 'revoked';
  if (row.usedAt) return nowMs - row.usedAt.getTime() <= graceMs ? 'concurrent' : 'reuse';
  return 'expired';
}
