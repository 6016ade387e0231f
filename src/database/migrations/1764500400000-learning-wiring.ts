import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The learning loop wired into the cycle (issue 11):
 * - `forecasts.cold_start`: the forecast of a SKU with fewer than 12 weeks of history, made from
 *   its supplier's SKUs (learning/cold-start.ts) with a wide interval;
 * - `ensemble_weights.source` may be `reevaluation`: weights re-validated by the per-SKU
 *   re-evaluation job after an adjustment beyond 25 %;
 * - `reorder_recommendations.awaiting_decision`: in the draft and auto phases, high and urgent
 *   lines are held off the PO drafts until a person decides them (then they are ordered).
 */
export class LearningWiring1764500400000 implements MigrationInterface {
  name = 'LearningWiring1764500400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE forecasts ADD COLUMN cold_start boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE ensemble_weights DROP CONSTRAINT ensemble_weights_source_check`);
    await q.query(`ALTER TABLE ensemble_weights ADD CONSTRAINT ensemble_weights_source_check CHECK (source IN ('realized','backtest','equal','reevaluation'))`);
    await q.query(`ALTER TABLE reorder_recommendations ADD COLUMN awaiting_decision boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE reorder_recommendations DROP COLUMN awaiting_decision`);
    await q.query(`DELETE FROM ensemble_weights WHERE source = 'reevaluation'`);
    await q.query(`ALTER TABLE ensemble_weights DROP CONSTRAINT ensemble_weights_source_check`);
    await q.query(`ALTER TABLE ensemble_weights ADD CONSTRAINT ensemble_weights_source_check CHECK (source IN ('realized','backtest','equal'))`);
    await q.query(`ALTER TABLE forecasts DROP COLUMN cold_start`);
  }
}
