import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * The learning loop's tables: realized accuracy per forecast, feedback from decisions, the
 * history of ensemble weights, drift events, the model registry and the rollout state.
 */
export class Learning1764400300000 implements MigrationInterface {
  name = 'Learning1764400300000';

  async up(q: QueryRunner): Promise<void> {
    // One row per SKU, model (every ensemble member, 'ensemble', the seasonal-naive baseline),
    // week and horizon step: the newest run's forecast of that week at that step. The key makes
    // recording the same actuals twice a no-op.
    await q.query(`
      CREATE TABLE forecast_accuracy (
        item_id uuid NOT NULL REFERENCES inventory_items(id) ON DELETE CASCADE,
        model text NOT NULL,
        week_start date NOT NULL CHECK (extract(isodow FROM week_start) = 1),
        horizon_step integer NOT NULL CHECK (horizon_step >= 1),
        run_id uuid NOT NULL REFERENCES forecast_runs(id) ON DELETE CASCADE,
        forecast numeric(16,3) NOT NULL,
        actual numeric(16,3) NOT NULL,
        p50 numeric(16,3),
        p90 numeric(16,3),
        p95 numeric(16,3),
        p99 numeric(16,3),
        -- MASE denominator of the SKU at the forecast's origin (units); null when undefined (flat history)
        mase_scale numeric(16,6),
        mase_scale_kind text CHECK (mase_scale_kind IN ('seasonal-naive','naive')),
        censored boolean NOT NULL DEFAULT false,
        recorded_at timestamptz NOT NULL,
        PRIMARY KEY (item_id, model, week_start, horizon_step)
      )`);
    await q.query(`CREATE INDEX forecast_accuracy_week_idx ON forecast_accuracy (week_start, model, horizon_step)`);
    await q.query(`CREATE INDEX forecast_accuracy_run_idx ON forecast_accuracy (run_id, item_id)`);

    await q.query(`
      CREATE TABLE decision_feedback (
        recommendation_id uuid PRIMARY KEY REFERENCES reorder_recommendations(id) ON DELETE CASCADE,
        item_id uuid NOT NULL REFERENCES inventory_items(id) ON DELETE CASCADE,
        run_id uuid NOT NULL REFERENCES forecast_runs(id) ON DELETE CASCADE,
        decision text NOT NULL CHECK (decision IN ('approved','adjusted','rejected')),
        recommended_qty numeric(16,3) NOT NULL,
        decided_qty numeric(16,3) NOT NULL,
        -- (decided − recommended) / recommended × 100; null when nothing was recommended
        error_pct numeric(12,3),
        reason text,
        decided_by text NOT NULL,
        recommended_at timestamptz NOT NULL,
        decided_at timestamptz NOT NULL,
        reevaluate boolean NOT NULL
      )`);
    await q.query(`CREATE INDEX decision_feedback_decided_idx ON decision_feedback (decided_at DESC)`);
    await q.query(`CREATE INDEX decision_feedback_item_idx ON decision_feedback (item_id)`);

    await q.query(`
      CREATE TABLE ensemble_weights (
        id bigserial PRIMARY KEY,
        item_id uuid NOT NULL REFERENCES inventory_items(id) ON DELETE CASCADE,
        weights jsonb NOT NULL,
        source text NOT NULL CHECK (source IN ('realized','backtest','equal')),
        inputs jsonb NOT NULL,
        valid_from timestamptz NOT NULL,
        UNIQUE (item_id, valid_from)
      )`);
    await q.query(`CREATE INDEX ensemble_weights_current_idx ON ensemble_weights (item_id, valid_from DESC)`);

    await q.query(`
      CREATE TABLE drift_events (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        item_id uuid NOT NULL REFERENCES inventory_items(id) ON DELETE CASCADE,
        -- the newest week of the tested window
        week_start date NOT NULL,
        t_statistic double precision NOT NULL,
        degrees_of_freedom double precision NOT NULL,
        p_value double precision NOT NULL,
        recent_mean double precision NOT NULL,
        baseline_mean double precision NOT NULL,
        recent_weeks integer NOT NULL,
        baseline_weeks integer NOT NULL,
        detected_at timestamptz NOT NULL,
        UNIQUE (item_id, week_start)
      )`);
    await q.query(`CREATE INDEX drift_events_week_idx ON drift_events (week_start DESC)`);

    await q.query(`
      CREATE TABLE model_registry (
        id uuid PRIMARY KEY DEFAULT gen_random_uuid(),
        name text NOT NULL,
        version integer NOT NULL,
        -- where the artifact lives, e.g. 'model_artifacts:<uuid>'
        artifact_ref text NOT NULL,
        training_from date,
        training_to date,
        backtest_metrics jsonb NOT NULL DEFAULT '{}'::jsonb,
        is_production boolean NOT NULL DEFAULT false,
        -- the production version this one replaced when promoted: the target of a one-step rollback
        replaced_id uuid REFERENCES model_registry(id) ON DELETE SET NULL,
        created_by text NOT NULL,
        created_at timestamptz NOT NULL,
        promoted_by text,
        promoted_at timestamptz,
        UNIQUE (name, version)
      )`);
    await q.query(`CREATE UNIQUE INDEX model_registry_one_production_idx ON model_registry (name) WHERE is_production`);

    await q.query(`
      CREATE TABLE rollout_state (
        id smallint PRIMARY KEY DEFAULT 1 CHECK (id = 1),
        phase text NOT NULL CHECK (phase IN ('shadow','notify','draft','auto')),
        fallback_active boolean NOT NULL DEFAULT false,
        fallback_since timestamptz,
        updated_by text NOT NULL,
        updated_at timestamptz NOT NULL
      )`);
  }

  async down(q: QueryRunner): Promise<void> {
    for (const table of ['rollout_state', 'model_registry', 'drift_events', 'ensemble_weights', 'decision_feedback', 'forecast_accuracy']) {
      await q.query(`DROP TABLE ${table}`);
    }
  }
}
