import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The ops module's tables: incidents (the guard's and the run watch's, with their timeline) and
 * the anomalies the detectors found.
 */
export class OpsIncidentsAnomalies1764400200000 implements MigrationInterface {
  name = 'OpsIncidentsAnomalies1764400200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE incidents (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        status text NOT NULL CHECK (status IN ('open','acknowledged','resolved')),
        summary text NOT NULL,
        details jsonb NOT NULL DEFAULT '{}'::jsonb,
        -- the timeline: [{ at, type, message, data? }], oldest first
        events jsonb NOT NULL DEFAULT '[]'::jsonb,
        -- one unresolved incident per key (a run, a night, a guarded URL)
        dedupe_key text,
        external_url text,
        opened_at timestamptz NOT NULL,
        acknowledged_by text,
        acknowledged_at timestamptz,
        resolved_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX incidents_unresolved_key_idx ON incidents (dedupe_key) WHERE status <> 'resolved'`);
    await q.query(`CREATE INDEX incidents_status_opened_idx ON incidents (status, opened_at DESC)`);
    await q.query(`CREATE INDEX incidents_opened_idx ON incidents (opened_at DESC, id DESC)`);

    await q.query(`
      CREATE TABLE anomalies (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL CHECK (kind IN ('latency','error_rate')),
        source text NOT NULL,
        subject text NOT NULL,
        details jsonb NOT NULL,
        suppressed_before integer NOT NULL DEFAULT 0,
        detected_at timestamptz NOT NULL
      )`);
    await q.query(`CREATE INDEX anomalies_detected_idx ON anomalies (detected_at DESC, id DESC)`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE anomalies`);
    await q.query(`DROP TABLE incidents`);
  }
}
