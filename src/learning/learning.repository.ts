import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface AccuracyRow {
  itemId: string;
  model: string;
  weekStart: string;
  horizonStep: number;
  runId: string;
  forecast: number;
  actual: number;
  p50: number | null;
  p90: number | null;
  p95: number | null;
  p99: number | null;
  maseScale: number | null;
  maseScaleKind: 'seasonal-naive' | 'naive' | null;
  censored: boolean;
}

export interface FeedbackRow {
  recommendationId: string;
  itemId: string;
  runId: string;
  decision: 'approved' | 'adjusted' | 'rejected';
  recommendedQty: string;
  decidedQty: string;
  errorPct: number | null;
  reason: string | null;
  decidedBy: string;
  recommendedAt: Date;
  decidedAt: Date;
  reevaluate: boolean;
}

export interface RegistryRow {
  id: string;
  name: string;
  version: number;
  artifactRef: string;
  trainingFrom: string | null;
  trainingTo: string | null;
  backtestMetrics: Record<string, number>;
  isProduction: boolean;
  replacedId: string | null;
  createdBy: string;
  createdAt: Date;
  promotedBy: string | null;
  promotedAt: Date | null;
}

const REGISTRY_COLUMNS = `id, name, version, artifact_ref AS "artifactRef", training_from::text AS "trainingFrom", training_to::text AS "trainingTo",
  backtest_metrics AS "backtestMetrics", is_production AS "isProduction", replaced_id AS "replacedId", created_by AS "createdBy",
  created_at AS "createdAt", promoted_by AS "promotedBy", promoted_at AS "promotedAt"`;

/**
 * The learning module's SQL, on its own tables only: forecast_accuracy, decision_feedback,
 * ensemble_weights, drift_events, model_registry, rollout_state. What it needs of forecasts,
 * recommendations and runs comes through ForecastService, ReorderService and RUN_STATUS_SOURCE.
 */
@Injectable()
export class LearningRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ----- forecast_accuracy

  /** Inserts or corrects rows; a row with the same key and the same numbers is left untouched. */
  async upsertAccuracy(rows: readonly AccuracyRow[], recordedAt: Date, manager: EntityManager = this.db.manager): Promise<number> {
    if (rows.length === 0) return 0;
    const col = <K extends keyof AccuracyRow>(k: K) => rows.map((r) => r[k]);
    const written: unknown[] = await manager.query(
      `INSERT INTO forecast_accuracy (item_id, model, week_start, horizon_step, run_id, forecast, actual, p50, p90, p95, p99, mase_scale, mase_scale_kind, censored, recorded_at)
       SELECT x.*, $15::timestamptz FROM unnest($1::uuid[], $2::text[], $3::date[], $4::int[], $5::uuid[], $6::numeric[], $7::numeric[], $8::numeric[], $9::numeric[],
                           $10::numeric[], $11::numeric[], $12::numeric[], $13::text[], $14::boolean[]) AS x
       ON CONFLICT (item_id, model, week_start, horizon_step) DO UPDATE
          SET run_id = excluded.run_id, forecast = excluded.forecast, actual = excluded.actual, p50 = excluded.p50, p90 = excluded.p90, p95 = excluded.p95,
              p99 = excluded.p99, mase_scale = excluded.mase_scale, mase_scale_kind = excluded.mase_scale_kind, censored = excluded.censored, recorded_at = excluded.recorded_at
        WHERE (forecast_accuracy.run_id, forecast_accuracy.forecast, forecast_accuracy.actual, forecast_accuracy.censored, forecast_accuracy.mase_scale)
              IS DISTINCT FROM (excluded.run_id, excluded.forecast, excluded.actual, excluded.censored, excluded.mase_scale)
       RETURNING 1`,
      [
        col('itemId'),
        col('model'),
        col('weekStart'),
        col('horizonStep'),
        col('runId'),
        rows.map((r) => r.forecast.toFixed(3)),
        rows.map((r) => r.actual.toFixed(3)),
        ...(['p50', 'p90', 'p95', 'p99'] as const).map((q) => rows.map((r) => (r[q] === null ? null : (r[q] as number).toFixed(3)))),
        rows.map((r) => (r.maseScale === null ? null : r.maseScale.toFixed(6))),
        col('maseScaleKind'),
        col('censored'),
        recordedAt,
      ],
    );
    return written.length;
  }

  /** Accuracy rows of the weeks (fromWeek, toWeek], optionally of some models, steps and items. */
  async accuracyRows(filter: { fromWeek: string; toWeek: string; models?: string[]; steps?: number[]; itemIds?: string[] }): Promise<AccuracyRow[]> {
    const rows: AccuracyRow[] = await this.db.query(
      `SELECT item_id AS "itemId", model, week_start::text AS "weekStart", horizon_step AS "horizonStep", run_id AS "runId",
              forecast::float8 AS forecast, actual::float8 AS actual, p50::float8 AS p50, p90::float8 AS p90, p95::float8 AS p95, p99::float8 AS p99,
              mase_scale::float8 AS "maseScale", mase_scale_kind AS "maseScaleKind", censored
         FROM forecast_accuracy
        WHERE week_start > $1::date AND week_start <= $2::date AND ($3::text[] IS NULL OR model = ANY($3)) AND ($4::int[] IS NULL OR horizon_step = ANY($4))
          AND ($5::uuid[] IS NULL OR item_id = ANY($5))
        ORDER BY item_id, week_start, model, horizon_step`,
      [filter.fromWeek, filter.toWeek, filter.models ?? null, filter.steps ?? null, filter.itemIds ?? null],
    );
    return rows;
  }

  async latestAccuracyWeek(): Promise<string | null> {
    const [row]: { w: string | null }[] = await this.db.query(`SELECT max(week_start)::text AS w FROM forecast_accuracy`);
    return row?.w ?? null;
  }

  // ----- decision_feedback

  /** Returns false when the recommendation already had its feedback row (a decision is recorded once). */
  async insertFeedback(row: FeedbackRow, manager: EntityManager = this.db.manager): Promise<boolean> {
    const inserted: unknown[] = await manager.query(
      `INSERT INTO decision_feedback (recommendation_id, item_id, run_id, decision, recommended_qty, decided_qty, error_pct, reason, decided_by, recommended_at, decided_at, reevaluate)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) ON CONFLICT (recommendation_id) DO NOTHING RETURNING 1`,
      [row.recommendationId, row.itemId, row.runId, row.decision, row.recommendedQty, row.decidedQty, row.errorPct === null ? null : row.errorPct.toFixed(3), row.reason, row.decidedBy, row.recommendedAt, row.decidedAt, row.reevaluate],
    );
    return inserted.length > 0;
  }

  /** Adjusted decisions with the system's realized weekly forecasts of the same run (ensemble rows). */
  async overriddenWeeks(): Promise<{ approver: string; itemId: string; weekStart: string; recommendedQty: number; decidedQty: number; forecast: number; actual: number; censored: boolean }[]> {
    return this.db.query(
      `SELECT f.decided_by AS approver, f.item_id AS "itemId", a.week_start::text AS "weekStart", f.recommended_qty::float8 AS "recommendedQty",
              f.decided_qty::float8 AS "decidedQty", a.forecast::float8 AS forecast, a.actual::float8 AS actual, a.censored
         FROM decision_feedback f JOIN forecast_accuracy a ON a.run_id = f.run_id AND a.item_id = f.item_id AND a.model = 'ensemble'
        WHERE f.decision = 'adjusted' ORDER BY f.decided_by, f.item_id, a.week_start`,
    );
  }

  // ----- ensemble_weights

  async insertWeights(rows: readonly { itemId: string; weights: Record<string, number>; source: string; inputs: unknown }[], validFrom: Date, manager: EntityManager = this.db.manager): Promise<void> {
    if (rows.length === 0) return;
    await manager.query(
      `INSERT INTO ensemble_weights (item_id, weights, source, inputs, valid_from)
       SELECT x.item_id, x.weights, x.source, x.inputs, $5 FROM unnest($1::uuid[], $2::jsonb[], $3::text[], $4::jsonb[]) AS x(item_id, weights, source, inputs)
       ON CONFLICT (item_id, valid_from) DO NOTHING`,
      [rows.map((r) => r.itemId), rows.map((r) => JSON.stringify(r.weights)), rows.map((r) => r.source), rows.map((r) => JSON.stringify(r.inputs)), validFrom],
    );
  }

  async currentWeights(itemIds: readonly string[], asOf: Date): Promise<Map<string, { weights: Record<string, number>; source: string; inputs: unknown; validFrom: Date }>> {
    const rows: { item_id: string; weights: Record<string, number>; source: string; inputs: unknown; valid_from: Date }[] = await this.db.query(
      `SELECT DISTINCT ON (item_id) item_id, weights, source, inputs, valid_from FROM ensemble_weights
        WHERE item_id = ANY($1) AND valid_from <= $2 ORDER BY item_id, valid_from DESC`,
      [[...itemIds], asOf],
    );
    return new Map(rows.map((r) => [r.item_id, { weights: r.weights, source: r.source, inputs: r.inputs, validFrom: r.valid_from }]));
  }

  // ----- drift_events

  async insertDriftEvents(
    rows: readonly { itemId: string; weekStart: string; t: number; df: number; p: number; recentMean: number; baselineMean: number; nRecent: number; nBaseline: number }[],
    detectedAt: Date,
    manager: EntityManager = this.db.manager,
  ): Promise<string[]> {
    if (rows.length === 0) return [];
    const col = <K extends keyof (typeof rows)[number]>(k: K) => rows.map((r) => r[k]);
    const inserted: { item_id: string }[] = await manager.query(
      `INSERT INTO drift_events (item_id, week_start, t_statistic, degrees_of_freedom, p_value, recent_mean, baseline_mean, recent_weeks, baseline_weeks, detected_at)
       SELECT x.*, $10::timestamptz FROM unnest($1::uuid[], $2::date[], $3::float8[], $4::float8[], $5::float8[], $6::float8[], $7::float8[], $8::int[], $9::int[]) AS x
       ON CONFLICT (item_id, week_start) DO NOTHING RETURNING item_id`,
      [col('itemId'), col('weekStart'), col('t'), col('df'), col('p'), col('recentMean'), col('baselineMean'), col('nRecent'), col('nBaseline'), detectedAt],
    );
    return inserted.map((r) => r.item_id);
  }

  async driftEvents(sinceWeek: string): Promise<{ itemId: string; weekStart: string; pValue: number; t: number; recentMean: number; baselineMean: number; detectedAt: Date }[]> {
    return this.db.query(
      `SELECT item_id AS "itemId", week_start::text AS "weekStart", p_value AS "pValue", t_statistic AS t, recent_mean AS "recentMean", baseline_mean AS "baselineMean", detected_at AS "detectedAt"
         FROM drift_events WHERE week_start >= $1::date ORDER BY week_start DESC, item_id`,
      [sinceWeek],
    );
  }

  // ----- model_registry

  async registerModel(
    row: { name: string; artifactRef: string; trainingFrom: string | null; trainingTo: string | null; backtestMetrics: Record<string, number>; createdBy: string; createdAt: Date },
    manager: EntityManager = this.db.manager,
  ): Promise<RegistryRow> {
    // Serialise version numbers per name (two retrains at once must not both take version n + 1).
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('model_registry:' || $1))`, [row.name]);
    const [saved]: RegistryRow[] = await manager.query(
      `INSERT INTO model_registry (name, version, artifact_ref, training_from, training_to, backtest_metrics, created_by, created_at)
       SELECT $1, COALESCE(max(version), 0) + 1, $2, $3, $4, $5, $6, $7 FROM model_registry WHERE name = $1
       RETURNING ${REGISTRY_COLUMNS}`,
      [row.name, row.artifactRef, row.trainingFrom, row.trainingTo, JSON.stringify(row.backtestMetrics), row.createdBy, row.createdAt],
    );
    return saved;
  }

  async models(name?: string): Promise<RegistryRow[]> {
    return this.db.query(`SELECT ${REGISTRY_COLUMNS} FROM model_registry WHERE ($1::text IS NULL OR name = $1) ORDER BY name, version DESC`, [name ?? null]);
  }

  async modelForUpdate(id: string, manager: EntityManager): Promise<RegistryRow | null> {
    const [row]: RegistryRow[] = await manager.query(`SELECT ${REGISTRY_COLUMNS} FROM model_registry WHERE id = $1 FOR UPDATE`, [id]);
    return row ?? null;
  }

  async productionModel(name: string, manager: EntityManager = this.db.manager, lock = false): Promise<RegistryRow | null> {
    const [row]: RegistryRow[] = await manager.query(`SELECT ${REGISTRY_COLUMNS} FROM model_registry WHERE name = $1 AND is_production${lock ? ' FOR UPDATE' : ''}`, [name]);
    return row ?? null;
  }

  /** Makes `id` the production version of its name; `replacedId` is remembered for rollback when given. */
  async setProduction(name: string, id: string, actor: string, at: Date, replacedId: string | null | undefined, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE model_registry SET is_production = false WHERE name = $1 AND is_production`, [name]);
    await manager.query(
      `UPDATE model_registry SET is_production = true, promoted_by = $2, promoted_at = $3, replaced_id = CASE WHEN $4::boolean THEN $5::uuid ELSE replaced_id END WHERE id = $1`,
      [id, actor, at, replacedId !== undefined, replacedId ?? null],
    );
  }

  // ----- rollout_state

  async rolloutState(manager: EntityManager = this.db.manager): Promise<{ phase: string; fallbackActive: boolean; fallbackSince: Date | null; updatedBy: string; updatedAt: Date } | null> {
    const [row] = await manager.query(`SELECT phase, fallback_active AS "fallbackActive", fallback_since AS "fallbackSince", updated_by AS "updatedBy", updated_at AS "updatedAt" FROM rollout_state WHERE id = 1`);
    return row ?? null;
  }

  async saveRolloutState(state: { phase: string; fallbackActive: boolean; fallbackSince: Date | null; updatedBy: string; updatedAt: Date }, manager: EntityManager): Promise<void> {
    await manager.query(
      `INSERT INTO rollout_state (id, phase, fallback_active, fallback_since, updated_by, updated_at) VALUES (1, $1, $2, $3, $4, $5)
       ON CONFLICT (id) DO UPDATE SET phase = excluded.phase, fallback_active = excluded.fallback_active, fallback_since = excluded.fallback_since,
                                      updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
      [state.phase, state.fallbackActive, state.fallbackSince, state.updatedBy, state.updatedAt],
    );
  }

  /** Locks the single rollout row (creating it from `initialPhase` first) for a read-modify-write. */
  async lockRolloutState(initialPhase: string, at: Date, manager: EntityManager) {
    await manager.query(`INSERT INTO rollout_state (id, phase, updated_by, updated_at) VALUES (1, $1, 'config', $2) ON CONFLICT (id) DO NOTHING`, [initialPhase, at]);
    await manager.query(`SELECT 1 FROM rollout_state WHERE id = 1 FOR UPDATE`);
    return (await this.rolloutState(manager))!;
  }
}
