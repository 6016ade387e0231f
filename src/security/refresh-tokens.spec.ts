import { createHash } from 'node:crypto';
import { newRefreshToken, refreshTokenHash, refusalOf } from './refresh-tokens';

describe('refresh tokens', () => {
  it('are nnr_ + 43 base64url characters (256 bits), different every time, stored as their SHA-256', () => {
    const a = newRefreshToken();
    const b = newRefreshToken();
    expect(a).toMatch(/^nnr_[A-Za-z0-9_-]{43}$/);
    expect(a).not.toBe(b);
    expect(refreshTokenHash(a)).toBe(createHash('sha256').update(a).digest('hex'));
  });

  it('refuses to hash what cannot be one (an access token, SQL, an empty string): no lookup at all', () => {
    for (const bad of ['', 'eyJhbGciOiJIUzI1NiJ9.e30.x', "nnr_' OR 1=1 --", `nnr_${'a'.repeat(44)}`, 'nnr_' + 'a'.repeat(42)]) expect(refreshTokenHash(bad)).toBeUndefined();
  });

  describe('refusalOf', () => {
    const at = (iso: string) => new Date(iso).getTime();
    const used = new Date('2026-12-01T10:00:00.000Z');
    const expiresAt = new Date('2026-12-15T10:00:00.000Z');

    it('a token used 1 s ago with a 2 s grace is a concurrent refresh; 2.001 s ago it is reuse', () => {
      expect(refusalOf({ usedAt: used, revokedAt: null, expiresAt }, at('2026-12-01T10:00:01.000Z'), 2000)).toBe('concurrent');
      expect(refusalOf({ usedAt: used, revokedAt: null, expiresAt }, at('2026-12-01T10:00:02.000Z'), 2000)).toBe('concurrent');
      expect(refusalOf({ usedAt: used, revokedAt: null, expiresAt }, at('2026-12-01T10:00:02.001Z'), 2000)).toBe('reuse');
      expect(refusalOf({ usedAt: used, revokedAt: null, expiresAt }, at('2026-12-01T10:00:00.001Z'), 0)).toBe('reuse');
    });

    it('a revoked family is only revoked (no second alarm); an unused token past its expiry is expired', () => {
      expect(refusalOf({ usedAt: used, revokedAt: used, expiresAt }, at('2026-12-02T00:00:00.000Z'), 2000)).toBe('revoked');
      expect(refusalOf({ usedAt: null, revokedAt: null, expiresAt }, at('2026-12-16T00:00:00.000Z'), 2000)).toBe('expired');
    });
  });
});
