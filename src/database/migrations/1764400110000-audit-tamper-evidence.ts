import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * An audit log nobody can quietly rewrite (issue 8):
 * - a trigger refuses UPDATE, DELETE and TRUNCATE on audit_log (the one UPDATE allowed is sealing
 *   an entry written before this migration: setting its HMAC once, nothing else);
 * - audit_log.hmac: HMAC-SHA256 of the entry's hash under AUDIT_HMAC_KEY, a key the database does
 *   not hold, so recomputing the chain after an edit needs the key;
 * - audit_anchors: the newest (seq, hash) signed with the same key, written periodically by the
 *   scheduler (and copied to a checkpoint file), so cutting entries off the end is detected.
 */
export class AuditTamperEvidence1764400110000 implements MigrationInterface {
  name = 'AuditTamperEvidence1764400110000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE audit_log ADD COLUMN hmac char(64)`);
    await q.query(`
      CREATE TABLE audit_anchors (
        id bigserial PRIMARY KEY,
        seq bigint NOT NULL,
        hash char(64) NOT NULL,
        entries bigint NOT NULL,
        created_at timestamptz NOT NULL,
        signature char(64) NOT NULL
      )`);
    await q.query(`CREATE INDEX audit_anchors_seq_idx ON audit_anchors (seq DESC)`);
    await q.query(`
      CREATE FUNCTION audit_append_only() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP = 'UPDATE' THEN
          IF TG_TABLE_NAME = 'audit_log' THEN
            IF OLD.hmac IS NULL AND NEW.hmac IS NOT NULL AND (to_jsonb(NEW) - 'hmac') = (to_jsonb(OLD) - 'hmac') THEN
              RETURN NEW; -- sealing an entry from before the HMAC column, once
            END IF;
          END IF;
        END IF;
        RAISE EXCEPTION '% is append-only: % refused', TG_TABLE_NAME, TG_OP USING ERRCODE = 'insufficient_privilege';
      END $$`);
    for (const table of ['audit_log', 'audit_anchors']) {
      await q.query(`CREATE TRIGGER ${table}_append_only BEFORE UPDATE OR DELETE ON ${table} FOR EACH ROW EXECUTE FUNCTION audit_append_only()`);
      await q.query(`CREATE TRIGGER ${table}_no_truncate BEFORE TRUNCATE ON ${table} FOR EACH STATEMENT EXECUTE FUNCTION audit_append_only()`);
    }
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['audit_log', 'audit_anchors']) {
      await q.query(`DROP TRIGGER IF EXISTS ${table}_append_only ON ${table}`);
      await q.query(`DROP TRIGGER IF EXISTS ${table}_no_truncate ON ${table}`);
    }
    await q.query(`DROP FUNCTION audit_append_only()`);
    await q.query(`DROP TABLE audit_anchors`);
    await q.query(`ALTER TABLE audit_log DROP COLUMN hmac`);
  }
}
