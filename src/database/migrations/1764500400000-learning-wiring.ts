import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The learning loop wired into the cycle (issue 11):
 * - `forecasts.cold_start`: the forecast of a SKU with fewer than 12 weeks of history, made from
 *   its supplier's SKUs (learning/cold-start.ts) with a wide interval;
 * - `ensemble_weights.source` may be `reevaluation`: weights re-validated by the per-SKU
 *   re-evaluation job after an adjustment beyond 25 %;
 * - `reorder_recommendations.awaiting_decision`: in the draft and auto phases, high and urgent
 *   lines are held off the PO drafts until a person decides them (then they are ordered);
 * - `purchase_orders.origin`: `draft` (pending approval), `auto_approved` (the system approved its
 *   lines in `auto`) or `decision` (one held line a person approved). A run may now have up to two
 *   POs per supplier from finalisation (one of each of the first two kinds, still unique) and any
 *   number from decisions, so UNIQUE (run_id, supplier_id) becomes a partial unique index.
 */
export class LearningWiring1764500400000 implements MigrationInterface {
  name = 'LearningWiring1764500400000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE forecasts ADD COLUMN cold_start boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE ensemble_weights DROP CONSTRAINT ensemble_weights_source_check`);
    await q.query(`ALTER TABLE ensemble_weights ADD CONSTRAINT ensemble_weights_source_check CHECK (source IN ('realized','backtest','equal','reevaluation'))`);
    await q.query(`ALTER TABLE reorder_recommendations ADD COLUMN awaiting_decision boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE purchase_orders ADD COLUMN origin text NOT NULL DEFAULT 'draft' CHECK (origin IN ('draft','auto_approved','decision'))`);
    await q.query(`UPDATE purchase_orders SET origin = 'auto_approved' WHERE decided_by = 'system' AND status <> 'pending_approval'`);
    await q.query(`ALTER TABLE purchase_orders DROP CONSTRAINT purchase_orders_run_id_supplier_id_key`);
    await q.query(`CREATE UNIQUE INDEX purchase_orders_run_supplier_origin_idx ON purchase_orders (run_id, supplier_id, origin) WHERE origin <> 'decision'`);
  }

  async down(q: QueryRunner): Promise<void> {
    // Fails while a run has more than one PO for a supplier (decide or delete those first).
    await q.query(`DROP INDEX purchase_orders_run_supplier_origin_idx`);
    await q.query(`ALTER TABLE purchase_orders ADD CONSTRAINT purchase_orders_run_id_supplier_id_key UNIQUE (run_id, supplier_id)`);
    await q.query(`ALTER TABLE purchase_orders DROP COLUMN origin`);
    await q.query(`ALTER TABLE reorder_recommendations DROP COLUMN awaiting_decision`);
    await q.query(`DELETE FROM ensemble_weights WHERE source = 'reevaluation'`);
    await q.query(`ALTER TABLE ensemble_weights DROP CONSTRAINT ensemble_weights_source_check`);
    await q.query(`ALTER TABLE ensemble_weights ADD CONSTRAINT ensemble_weights_source_check CHECK (source IN ('realized','backtest','equal'))`);
    await q.query(`ALTER TABLE forecasts DROP COLUMN cold_start`);
  }
}
