import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 8, the rest of self-securing: refresh tokens (stored only as SHA-256 of the random token,
 * in families that rotate; a used one presented again revokes its family), and the scan findings
 * already alerted (so a high finding raises one alert and incident, not one a night).
 */
export class RefreshTokensFindingAlerts1764500100000 implements MigrationInterface {
  name = 'RefreshTokensFindingAlerts1764500100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE refresh_tokens (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        family_id uuid NOT NULL,
        user_id uuid NOT NULL REFERENCES users(id) ON DELETE CASCADE,
        token_hash text NOT NULL UNIQUE,
        -- the user's token_version at issue: a role change, reset, disable or revokeSessions ends it
        token_version integer NOT NULL,
        created_at timestamptz NOT NULL,
        expires_at timestamptz NOT NULL,
        used_at timestamptz,
        revoked_at timestamptz,
        revoked_reason text
      )`);
    await q.query(`CREATE INDEX refresh_tokens_family_idx ON refresh_tokens (family_id)`);
    await q.query(`CREATE INDEX refresh_tokens_expires_idx ON refresh_tokens (expires_at)`);
    await q.query(`
      CREATE TABLE security_finding_alerts (
        fingerprint text PRIMARY KEY,
        kind text NOT NULL,
        severity text NOT NULL,
        rule text NOT NULL,
        location text NOT NULL,
        first_scan_id uuid REFERENCES security_scans(id) ON DELETE SET NULL,
        alerted_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE security_finding_alerts`);
    await q.query(`DROP TABLE refresh_tokens`);
  }
}
