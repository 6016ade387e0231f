import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The nightly cycle's tables: runs and their per-SKU outcomes, forecasts, recommendations,
 * purchase orders, model artifacts and the hash-chained audit log.
 */
export class ReplenishmentCycle1764300100000 implements MigrationInterface {
  name = 'ReplenishmentCycle1764300100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE TABLE audit_log (
        seq bigserial PRIMARY KEY,
        actor text NOT NULL,
        action text NOT NULL,
        entity_type text NOT NULL,
        entity_id text,
        payload jsonb NOT NULL DEFAULT '{}'::jsonb,
        created_at timestamptz NOT NULL,
        prev_hash char(64) NOT NULL,
        hash char(64) NOT NULL UNIQUE
      )`);
    await q.query(`CREATE INDEX audit_log_entity_idx ON audit_log (entity_type, entity_id)`);

    await q.query(`
      CREATE TABLE forecast_runs (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_key text NOT NULL UNIQUE,
        trigger text NOT NULL CHECK (trigger IN ('cron','manual','cli','bench')),
        triggered_by text NOT NULL,
        rollout_phase text NOT NULL CHECK (rollout_phase IN ('shadow','notify','draft','auto')),
        status text NOT NULL CHECK (status IN ('running','finalizing','completed','failed')),
        -- Monday of the last complete week of usage the run forecasts from.
        last_week_start date NOT NULL,
        total_skus integer NOT NULL DEFAULT 0,
        -- SKUs with an outcome; bumped once per SKU in the transaction that writes the outcome.
        processed integer NOT NULL DEFAULT 0,
        model_artifact_id uuid,
        stats jsonb,
        error text,
        started_at timestamptz NOT NULL DEFAULT now(),
        finished_at timestamptz
      )`);
    await q.query(`CREATE INDEX forecast_runs_started_idx ON forecast_runs (started_at DESC)`);
    await q.query(`
      CREATE TABLE forecast_run_items (
        run_id uuid NOT NULL REFERENCES forecast_runs(id) ON DELETE CASCADE,
        item_id uuid NOT NULL REFERENCES inventory_items(id) ON DELETE CASCADE,
        outcome text NOT NULL CHECK (outcome IN ('succeeded','insufficient_history','failed')),
        priority text,
        error text,
        attempts integer NOT NULL DEFAULT 1,
        duration_ms integer,
        finished_at timestamptz NOT NULL DEFAULT now(),
        PRIMARY KEY (run_id, item_id)
      )`);

    await q.query(`
      CREATE TABLE model_artifacts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        kind text NOT NULL,
        version integer NOT NULL,
        trained_at timestamptz NOT NULL DEFAULT now(),
        training_series integer NOT NULL,
        params jsonb NOT NULL DEFAULT '{}'::jsonb,
        metrics jsonb NOT NULL DEFAULT '{}'::jsonb,
        artifact jsonb NOT NULL,
        UNIQUE (kind, version)
      )`);

    await q.query(`
      CREATE TABLE forecasts (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES forecast_runs(id) ON DELETE CASCADE,
        item_id uuid NOT NULL REFERENCES inventory_items(id) ON DELETE CASCADE,
        model text NOT NULL,
        demand_pattern text NOT NULL,
        first_week_start date NOT NULL,
        horizon_weeks integer NOT NULL,
        weeks jsonb NOT NULL,
        total_mean numeric(16,3) NOT NULL,
        total_sd numeric(16,3) NOT NULL,
        total_p50 numeric(16,3) NOT NULL,
        total_p90 numeric(16,3) NOT NULL,
        total_p95 numeric(16,3) NOT NULL,
        total_p99 numeric(16,3) NOT NULL,
        weights jsonb NOT NULL DEFAULT '{}'::jsonb,
        -- ensemble members that threw for this SKU and were left out, with their messages
        failed_members jsonb NOT NULL DEFAULT '[]'::jsonb,
        history_weeks integer NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (run_id, item_id)
      )`);
    await q.query(`CREATE INDEX forecasts_item_created_idx ON forecasts (item_id, created_at DESC)`);

    await q.query(`CREATE SEQUENCE purchase_order_number_seq`);
    await q.query(`
      CREATE TABLE purchase_orders (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        po_number text NOT NULL UNIQUE,
        supplier_id uuid NOT NULL REFERENCES suppliers(id),
        run_id uuid REFERENCES forecast_runs(id) ON DELETE SET NULL,
        status text NOT NULL CHECK (status IN ('pending_approval','approved','rejected','received')),
        total_cost numeric(16,2) NOT NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        decided_by text,
        decided_at timestamptz,
        decision_reason text,
        received_by text,
        received_at timestamptz,
        UNIQUE (run_id, supplier_id)
      )`);
    await q.query(`CREATE INDEX purchase_orders_status_idx ON purchase_orders (status, created_at DESC)`);

    await q.query(`
      CREATE TABLE reorder_recommendations (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        run_id uuid NOT NULL REFERENCES forecast_runs(id) ON DELETE CASCADE,
        item_id uuid NOT NULL REFERENCES inventory_items(id) ON DELETE CASCADE,
        forecast_id uuid NOT NULL REFERENCES forecasts(id) ON DELETE CASCADE,
        abc_class char(1) NOT NULL,
        service_level numeric(6,5) NOT NULL,
        safety_stock numeric(16,3) NOT NULL,
        reorder_point numeric(16,3) NOT NULL,
        order_up_to numeric(16,3) NOT NULL,
        stock_position numeric(16,3) NOT NULL,
        recommended_qty numeric(16,3) NOT NULL,
        days_to_stockout numeric(12,2),
        priority text NOT NULL CHECK (priority IN ('urgent','high','medium','low')),
        inputs jsonb NOT NULL,
        status text NOT NULL CHECK (status IN ('open','approved','adjusted','rejected','no_action','superseded')),
        decided_qty numeric(16,3),
        decided_by text,
        decided_at timestamptz,
        decision_reason text,
        purchase_order_id uuid REFERENCES purchase_orders(id) ON DELETE SET NULL,
        created_at timestamptz NOT NULL DEFAULT now(),
        UNIQUE (run_id, item_id)
      )`);
    await q.query(`CREATE INDEX reorder_recommendations_run_priority_idx ON reorder_recommendations (run_id, priority, status)`);
    await q.query(`CREATE INDEX reorder_recommendations_status_idx ON reorder_recommendations (status, created_at DESC)`);

    await q.query(`
      CREATE TABLE purchase_order_lines (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        purchase_order_id uuid NOT NULL REFERENCES purchase_orders(id) ON DELETE CASCADE,
        item_id uuid NOT NULL REFERENCES inventory_items(id),
        recommendation_id uuid REFERENCES reorder_recommendations(id) ON DELETE SET NULL,
        quantity numeric(16,3) NOT NULL CHECK (quantity > 0),
        unit_cost numeric(14,4) NOT NULL,
        line_total numeric(16,2) NOT NULL,
        expected_delivery date NOT NULL,
        notes text NOT NULL DEFAULT '',
        UNIQUE (purchase_order_id, item_id)
      )`);
    await q.query(`CREATE INDEX purchase_order_lines_item_idx ON purchase_order_lines (item_id)`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['purchase_order_lines', 'reorder_recommendations', 'purchase_orders', 'forecasts', 'model_artifacts', 'forecast_run_items', 'forecast_runs', 'audit_log']) {
      await q.query(`DROP TABLE ${table}`);
    }
    await q.query(`DROP SEQUENCE purchase_order_number_seq`);
  }
}
