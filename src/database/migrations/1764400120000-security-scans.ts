import { MigrationInterface, QueryRunner } from 'typeorm';

/** The nightly security scan (issue 8): one row per scan, its findings beside it. */
export class SecurityScans1764400120000 implements MigrationInterface {
  name = 'SecurityScans1764400120000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE security_scans (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        trigger text NOT NULL CHECK (trigger IN ('cron','manual','cli')),
        started_at timestamptz NOT NULL,
        finished_at timestamptz NOT NULL,
        -- 'not_run' when the registry did not answer: never read as clean.
        dependency_audit text NOT NULL CHECK (dependency_audit IN ('ran','not_run')),
        dependency_audit_note text,
        files_scanned integer NOT NULL,
        findings integer NOT NULL,
        high_or_critical integer NOT NULL
      )`);
    await q.query(`CREATE INDEX security_scans_started_idx ON security_scans (started_at DESC)`);
    await q.query(`
      CREATE TABLE security_findings (
        id bigserial PRIMARY KEY,
        scan_id uuid NOT NULL REFERENCES security_scans(id) ON DELETE CASCADE,
        kind text NOT NULL CHECK (kind IN ('secret','dependency','config')),
        severity text NOT NULL CHECK (severity IN ('low','moderate','high','critical')),
        rule text NOT NULL,
        location text NOT NULL,
        detail text NOT NULL
      )`);
    await q.query(`CREATE INDEX security_findings_scan_idx ON security_findings (scan_id, severity)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE security_findings`);
    await q.query(`DROP TABLE security_scans`);
  }
}
