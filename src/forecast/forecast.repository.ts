import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface StoredForecastWeek {
  weekStart: string;
  mean: string;
  sd: string;
  p50: string;
  p90: string;
  p95: string;
  p99: string;
  /** Each ensemble member's own mean for the week ({ name: mean }, three decimals). */
  members?: Record<string, number>;
}

export interface NewForecast {
  runId: string;
  itemId: string;
  model: string;
  demandPattern: string;
  firstWeekStart: string;
  horizonWeeks: number;
  weeks: StoredForecastWeek[];
  total: { mean: string; sd: string; p50: string; p90: string; p95: string; p99: string };
  weights: Record<string, number>;
  /** When these weights were validated (today for fresh weights; the source's date when reused). */
  weightsFrom: Date;
  failedMembers: unknown[];
  historyWeeks: number;
  /** Made from similar items for a SKU with fewer than 12 weeks of history. */
  coldStart: boolean;
}

export interface ForecastRow {
  id: string;
  runId: string;
  itemId: string;
  model: string;
  demandPattern: string;
  historyWeeks: number;
  weeks: StoredForecastWeek[];
  totalMean: string;
  totalSd: string;
  totalP50: string;
  totalP90: string;
  totalP95: string;
  totalP99: string;
  weights: Record<string, number>;
  coldStart: boolean;
  createdAt: Date;
}

/** A stored forecast's entry for one week it covered, at the horizon step it had (read by the learning module). */
export interface ForecastCoveringWeek {
  runId: string;
  itemId: string;
  weekStart: string;
  horizonStep: number;
  horizonWeeks: number;
  /** The week's entry: mean, quantiles and, once the cycle stores them, member means ({ name: mean }). */
  week: { mean: number | string; p50?: number | string; p90?: number | string; p95?: number | string; p99?: number | string; members?: Record<string, number | string> };
  weights: Record<string, number>;
  /** `ensemble`, or `cold-start` for a forecast made from similar items. */
  model: string;
}

export interface ArtifactRow {
  id: string;
  version: number;
  trainedAt: Date;
}

/** The forecast module's SQL: `forecasts` and `model_artifacts`. */
@Injectable()
export class ForecastRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Inserts many forecasts in one statement (the cycle's batch path); ids by item. */
  async insertMany(rows: readonly NewForecast[], manager: EntityManager): Promise<Map<string, string>> {
    if (rows.length === 0) return new Map();
    const saved: { id: string; item_id: string }[] = await manager.query(
      `INSERT INTO forecasts (run_id, item_id, model, demand_pattern, first_week_start, horizon_weeks, weeks, total_mean, total_sd, total_p50, total_p90, total_p95, total_p99,
                              weights, weights_from, failed_members, history_weeks, cold_start)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::text[], $4::text[], $5::date[], $6::int[], $7::jsonb[], $8::numeric[], $9::numeric[], $10::numeric[], $11::numeric[],
                            $12::numeric[], $13::numeric[], $14::jsonb[], $15::timestamptz[], $16::jsonb[], $17::int[], $18::boolean[])
       RETURNING id, item_id`,
      [
        rows.map((f) => f.runId),
        rows.map((f) => f.itemId),
        rows.map((f) => f.model),
        rows.map((f) => f.demandPattern),
        rows.map((f) => f.firstWeekStart),
        rows.map((f) => f.horizonWeeks),
        rows.map((f) => JSON.stringify(f.weeks)),
        rows.map((f) => f.total.mean),
        rows.map((f) => f.total.sd),
        rows.map((f) => f.total.p50),
        rows.map((f) => f.total.p90),
        rows.map((f) => f.total.p95),
        rows.map((f) => f.total.p99),
        rows.map((f) => JSON.stringify(f.weights)),
        rows.map((f) => f.weightsFrom),
        rows.map((f) => JSON.stringify(f.failedMembers)),
        rows.map((f) => f.historyWeeks),
        rows.map((f) => f.coldStart),
      ],
    );
    return new Map(saved.map((r) => [r.item_id, r.id]));
  }

  /** `recentWeights` for many items in one query. */
  async recentWeightsMany(itemIds: readonly string[], since: Date): Promise<Map<string, { weights: Record<string, number>; from: Date }>> {
    const rows: { item_id: string; weights: Record<string, number>; weights_from: Date }[] = await this.db.query(
      `SELECT DISTINCT ON (item_id) item_id, weights, weights_from FROM forecasts WHERE item_id = ANY($1) AND weights_from > $2 ORDER BY item_id, created_at DESC`,
      [[...itemIds], since],
    );
    return new Map(rows.map((r) => [r.item_id, { weights: r.weights, from: new Date(r.weights_from) }]));
  }

  async latestForItem(itemId: string): Promise<ForecastRow | null> {
    const [row]: ForecastRow[] = await this.db.query(
      `SELECT f.id, f.run_id AS "runId", f.item_id AS "itemId", f.model, f.demand_pattern AS "demandPattern", f.history_weeks AS "historyWeeks", f.weeks,
              f.total_mean AS "totalMean", f.total_sd AS "totalSd", f.total_p50 AS "totalP50", f.total_p90 AS "totalP90", f.total_p95 AS "totalP95",
              f.total_p99 AS "totalP99", f.weights, f.cold_start AS "coldStart", f.created_at AS "createdAt"
         FROM forecasts f WHERE f.item_id = $1 ORDER BY f.created_at DESC LIMIT 1`,
      [itemId],
    );
    return row ?? null;
  }

  /**
   * For each item and week, every horizon step a forecast covered it at: the newest forecast
   * whose horizon holds the week at that step.
   */
  async coveringWeeks(itemIds: readonly string[], weekStarts: readonly string[]): Promise<ForecastCoveringWeek[]> {
    return this.db.query(
      `SELECT DISTINCT ON (f.item_id, w.week_start, step) f.run_id AS "runId", f.item_id AS "itemId", w.week_start::text AS "weekStart",
              ((w.week_start - f.first_week_start) / 7 + 1)::int AS "horizonStep", ((w.week_start - f.first_week_start) / 7 + 1) AS step,
              f.horizon_weeks AS "horizonWeeks", f.weeks -> ((w.week_start - f.first_week_start) / 7) AS week, f.weights, f.model
         FROM forecasts f CROSS JOIN unnest($2::date[]) AS w(week_start)
        WHERE f.item_id = ANY($1) AND w.week_start >= f.first_week_start AND w.week_start < f.first_week_start + 7 * f.horizon_weeks
        ORDER BY f.item_id, w.week_start, step, f.created_at DESC`,
      [[...itemIds], [...weekStarts]],
    );
  }

  /** The newest forecast's ensemble weights per item (every item with a forecast when `itemIds` is absent). */
  async latestWeightsByItem(itemIds?: readonly string[]): Promise<Map<string, Record<string, number>>> {
    const rows: { item_id: string; weights: Record<string, number> }[] = await this.db.query(
      `SELECT DISTINCT ON (item_id) item_id, weights FROM forecasts WHERE ($1::uuid[] IS NULL OR item_id = ANY($1)) ORDER BY item_id, created_at DESC`,
      [itemIds ? [...itemIds] : null],
    );
    return new Map(rows.map((r) => [r.item_id, r.weights]));
  }

  /** The demand pattern and per-week σ of the forecasts of these (run, item) pairs (the learning loop's realized calibration samples). */
  async spreads(pairs: readonly { runId: string; itemId: string }[]): Promise<{ runId: string; itemId: string; pattern: string; sd: number[] }[]> {
    if (pairs.length === 0) return [];
    return this.db.query(
      `SELECT f.run_id AS "runId", f.item_id AS "itemId", f.demand_pattern AS pattern,
              ARRAY(SELECT (w ->> 'sd')::float8 FROM jsonb_array_elements(f.weeks) WITH ORDINALITY AS x(w, i) ORDER BY i) AS sd
         FROM forecasts f JOIN unnest($1::uuid[], $2::uuid[]) AS p(run_id, item_id) ON p.run_id = f.run_id AND p.item_id = f.item_id`,
      [pairs.map((p) => p.runId), pairs.map((p) => p.itemId)],
    );
  }

  // ----- model artifacts

  /** When the artifact with this id was trained; null when there is none (without reading the artifact itself). */
  async artifactTrainedAt(id: string): Promise<Date | null> {
    const [row]: { trained_at: Date }[] = await this.db.query(`SELECT trained_at FROM model_artifacts WHERE id = $1`, [id]);
    return row ? new Date(row.trained_at) : null;
  }

  async insertArtifact(kind: string, trainedAt: Date, trainingSeries: number, params: unknown, metrics: unknown, artifact: unknown): Promise<{ id: string; version: number }> {
    const [saved]: { id: string; version: number }[] = await this.db.query(
      `INSERT INTO model_artifacts (kind, version, trained_at, training_series, params, metrics, artifact)
       SELECT $1, COALESCE(max(version), 0) + 1, $2, $3, $4, $5, $6 FROM model_artifacts WHERE kind = $1
       RETURNING id, version`,
      [kind, trainedAt, trainingSeries, JSON.stringify(params), JSON.stringify(metrics), JSON.stringify(artifact)],
    );
    return saved;
  }

  async artifact(id: string): Promise<unknown | null> {
    const [row]: { artifact: unknown }[] = await this.db.query(`SELECT artifact FROM model_artifacts WHERE id = $1`, [id]);
    return row ? row.artifact : null;
  }
}
