import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Sessions that can be ended and signing keys that rotate (issue 8):
 * - users.token_version: every token carries the version it was issued under; a role change,
 *   password reset, disable or revokeSessions bumps it, so older tokens stop on the next request.
 * - users.disabled_at: a disabled user's tokens and logins are refused.
 * - signing_keys: HMAC keys for tokens, encrypted at rest (AES-256-GCM, master key from the
 *   environment); the newest unretired key signs, retired keys verify until their tokens expire.
 */
export class SessionsAndSigningKeys1764400100000 implements MigrationInterface {
  name = 'SessionsAndSigningKeys1764400100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE users ADD COLUMN token_version integer NOT NULL DEFAULT 0, ADD COLUMN disabled_at timestamptz, ADD COLUMN updated_at timestamptz`);
    await q.query(`
      CREATE TABLE signing_keys (
        kid text PRIMARY KEY,
        algorithm text NOT NULL DEFAULT 'HS256' CHECK (algorithm = 'HS256'),
        secret_sealed text NOT NULL,
        created_at timestamptz NOT NULL,
        -- Set when a newer key takes over signing; the key still verifies until verify_until.
        retired_at timestamptz,
        verify_until timestamptz
      )`);
    await q.query(`CREATE INDEX signing_keys_created_idx ON signing_keys (created_at DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE signing_keys`);
    await q.query(`ALTER TABLE users DROP COLUMN token_version, DROP COLUMN disabled_at, DROP COLUMN updated_at`);
  }
}
