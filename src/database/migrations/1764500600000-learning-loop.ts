import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The loop that makes learning better than a frozen model (issue 11), owned by the learning
 * module (src/learning/loop.repository.ts):
 * - `level_adjustments`: after a drift event on a smooth SKU, the change week and the level ratio
 *   the nightly forecast re-fits the members with (level-shift.ts), active until the weekly
 *   champion/challenger check drops it (status 'dropped', with the reason). One active row per item.
 * - `learned_calibrations`: the calibration table refitted weekly from realized coverage
 *   (interval-learning.ts), versioned; the nightly forecast uses the newest.
 */
export class LearningLoop1764500600000 implements MigrationInterface {
  name = 'LearningLoop1764500600000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE level_adjustments (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        item_id uuid NOT NULL REFERENCES inventory_items(id) ON DELETE CASCADE,
        drift_week date NOT NULL,
        change_week date NOT NULL,
        ratio numeric(12,6) NOT NULL CHECK (ratio > 0),
        z numeric(12,4) NOT NULL,
        weeks_measured int NOT NULL,
        status text NOT NULL DEFAULT 'active' CHECK (status IN ('active', 'dropped')),
        reason text,
        adjusted_error numeric(16,3),
        unadjusted_error numeric(16,3),
        created_at timestamptz NOT NULL,
        decided_at timestamptz
      )`);
    await q.query(`CREATE UNIQUE INDEX level_adjustments_one_active ON level_adjustments (item_id) WHERE status = 'active'`);
    await q.query(`CREATE UNIQUE INDEX level_adjustments_item_drift ON level_adjustments (item_id, drift_week)`);
    await q.query(`
      CREATE TABLE learned_calibrations (
        version int PRIMARY KEY,
        week_start date NOT NULL UNIQUE,
        calibration jsonb NOT NULL,
        samples jsonb NOT NULL,
        created_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE learned_calibrations`);
    await q.query(`DROP TABLE level_adjustments`);
  }
}
