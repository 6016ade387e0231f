import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The cycle as its own module:
 * - a run's SKUs are fixed when it is prepared (`forecast_run_items` rows created up front with
 *   outcome `pending`), so items (de)activated during a run cannot make it finish early or never;
 * - at most one active run (running or finalizing) unless it was explicitly forced;
 * - finalisation errors are stored; a failed run keeps its reason;
 * - ensemble weights carry the date they were validated, so reuse expires;
 * - recommendations and purchase orders carry the item and supplier facts they were made from
 *   (SKU, name, supplier, unit cost), so the reorder module reads only its own tables;
 * - purchase-order drafts of older runs can be superseded.
 */
export class CycleModule1764400000000 implements MigrationInterface {
  name = 'CycleModule1764400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE forecast_runs ADD COLUMN prepared_at timestamptz, ADD COLUMN forced boolean NOT NULL DEFAULT false,
                     ADD COLUMN finalize_attempts integer NOT NULL DEFAULT 0, ADD COLUMN last_progress_at timestamptz`);
    await q.query(`UPDATE forecast_runs SET prepared_at = started_at`);
    await q.query(`ALTER TABLE forecast_runs ALTER COLUMN started_at DROP DEFAULT`);
    // Runs left unfinished by the old code would block the one-active-run rule: close all but the newest.
    await q.query(`UPDATE forecast_runs SET status = 'failed', error = 'left unfinished before the cycle module; closed by migration', finished_at = now()
                    WHERE status IN ('running','finalizing')
                      AND id <> (SELECT id FROM forecast_runs WHERE status IN ('running','finalizing') ORDER BY started_at DESC LIMIT 1)`);
    await q.query(`CREATE UNIQUE INDEX forecast_runs_one_active_idx ON forecast_runs ((true)) WHERE status IN ('running','finalizing') AND NOT forced`);
    await q.query(`CREATE INDEX forecast_runs_active_idx ON forecast_runs (status) WHERE status IN ('running','finalizing')`);

    await q.query(`ALTER TABLE forecast_run_items DROP CONSTRAINT forecast_run_items_outcome_check`);
    await q.query(`ALTER TABLE forecast_run_items ADD CONSTRAINT forecast_run_items_outcome_check CHECK (outcome IN ('pending','succeeded','insufficient_history','failed'))`);
    await q.query(`ALTER TABLE forecast_run_items ALTER COLUMN finished_at DROP NOT NULL, ALTER COLUMN finished_at DROP DEFAULT, ALTER COLUMN attempts SET DEFAULT 0`);
    await q.query(`ALTER TABLE forecast_run_items ADD COLUMN generation integer NOT NULL DEFAULT 0`);
    await q.query(`CREATE INDEX forecast_run_items_pending_idx ON forecast_run_items (run_id) WHERE outcome = 'pending'`);

    await q.query(`ALTER TABLE forecasts ADD COLUMN weights_from timestamptz`);
    await q.query(`UPDATE forecasts SET weights_from = created_at`);
    await q.query(`ALTER TABLE forecasts ALTER COLUMN weights_from SET NOT NULL`);
    await q.query(`CREATE INDEX forecasts_item_weights_idx ON forecasts (item_id, weights_from DESC)`);

    await q.query(`ALTER TABLE reorder_recommendations ADD COLUMN sku text, ADD COLUMN item_name text, ADD COLUMN supplier_id uuid, ADD COLUMN unit_cost numeric(14,4), ADD COLUMN lead_time_days integer`);
    await q.query(`UPDATE reorder_recommendations r SET sku = i.sku, item_name = i.name, supplier_id = i.supplier_id, unit_cost = i.unit_cost,
                          lead_time_days = COALESCE(i.lead_time_days, s.default_lead_time_days, 0)
                     FROM inventory_items i LEFT JOIN suppliers s ON s.id = i.supplier_id WHERE i.id = r.item_id`);
    await q.query(`ALTER TABLE reorder_recommendations ALTER COLUMN sku SET NOT NULL, ALTER COLUMN item_name SET NOT NULL, ALTER COLUMN unit_cost SET NOT NULL, ALTER COLUMN lead_time_days SET NOT NULL`);
    // No demand means no stockout in sight: null, not a sentinel number.
    await q.query(`UPDATE reorder_recommendations SET days_to_stockout = NULL WHERE days_to_stockout >= 9999`);
    await q.query(`CREATE INDEX reorder_recommendations_created_idx ON reorder_recommendations (created_at DESC)`);
    await q.query(`CREATE INDEX reorder_recommendations_item_open_idx ON reorder_recommendations (item_id) WHERE status = 'open'`);

    await q.query(`ALTER TABLE purchase_orders ADD COLUMN supplier_name text`);
    await q.query(`UPDATE purchase_orders p SET supplier_name = s.name FROM suppliers s WHERE s.id = p.supplier_id`);
    await q.query(`ALTER TABLE purchase_orders ALTER COLUMN supplier_name SET NOT NULL`);
    await q.query(`ALTER TABLE purchase_orders DROP CONSTRAINT purchase_orders_status_check`);
    await q.query(`ALTER TABLE purchase_orders ADD CONSTRAINT purchase_orders_status_check CHECK (status IN ('pending_approval','approved','rejected','received','superseded'))`);
    await q.query(`ALTER TABLE purchase_order_lines ADD COLUMN sku text`);
    await q.query(`UPDATE purchase_order_lines l SET sku = i.sku FROM inventory_items i WHERE i.id = l.item_id`);
    await q.query(`ALTER TABLE purchase_order_lines ALTER COLUMN sku SET NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE purchase_order_lines DROP COLUMN sku`);
    await q.query(`UPDATE purchase_orders SET status = 'rejected' WHERE status = 'superseded'`);
    await q.query(`ALTER TABLE purchase_orders DROP CONSTRAINT purchase_orders_status_check`);
    await q.query(`ALTER TABLE purchase_orders ADD CONSTRAINT purchase_orders_status_check CHECK (status IN ('pending_approval','approved','rejected','received'))`);
    await q.query(`ALTER TABLE purchase_orders DROP COLUMN supplier_name`);
    await q.query(`DROP INDEX reorder_recommendations_item_open_idx`);
    await q.query(`DROP INDEX reorder_recommendations_created_idx`);
    await q.query(`ALTER TABLE reorder_recommendations DROP COLUMN sku, DROP COLUMN item_name, DROP COLUMN supplier_id, DROP COLUMN unit_cost, DROP COLUMN lead_time_days`);
    await q.query(`DROP INDEX forecasts_item_weights_idx`);
    await q.query(`ALTER TABLE forecasts DROP COLUMN weights_from`);
    await q.query(`DROP INDEX forecast_run_items_pending_idx`);
    await q.query(`DELETE FROM forecast_run_items WHERE outcome = 'pending'`);
    await q.query(`ALTER TABLE forecast_run_items DROP COLUMN generation`);
    await q.query(`UPDATE forecast_run_items SET finished_at = now() WHERE finished_at IS NULL`);
    await q.query(`ALTER TABLE forecast_run_items ALTER COLUMN finished_at SET NOT NULL, ALTER COLUMN finished_at SET DEFAULT now(), ALTER COLUMN attempts SET DEFAULT 1`);
    await q.query(`ALTER TABLE forecast_run_items DROP CONSTRAINT forecast_run_items_outcome_check`);
    await q.query(`ALTER TABLE forecast_run_items ADD CONSTRAINT forecast_run_items_outcome_check CHECK (outcome IN ('succeeded','insufficient_history','failed'))`);
    await q.query(`DROP INDEX forecast_runs_active_idx`);
    await q.query(`DROP INDEX forecast_runs_one_active_idx`);
    await q.query(`ALTER TABLE forecast_runs ALTER COLUMN started_at SET DEFAULT now()`);
    await q.query(`ALTER TABLE forecast_runs DROP COLUMN prepared_at, DROP COLUMN forced, DROP COLUMN finalize_attempts, DROP COLUMN last_progress_at`);
  }
}
