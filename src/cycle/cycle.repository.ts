import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export type RunStatus = 'running' | 'finalizing' | 'completed' | 'failed';
export type RunTrigger = 'cron' | 'manual' | 'cli' | 'bench';
export type ItemOutcome = 'succeeded' | 'insufficient_history' | 'failed';

export interface RunRow {
  id: string;
  run_key: string;
  trigger: RunTrigger;
  status: RunStatus;
  rollout_phase: string;
  last_week_start: string;
  total_skus: number;
  processed: number;
  model_artifact_id: string | null;
  started_at: Date;
  prepared_at: Date | null;
  last_progress_at: Date | null;
  finalize_attempts: number;
  forced: boolean;
  error: string | null;
  stats: Record<string, unknown> | null;
}

const RUN_VIEW = `r.id, r.run_key AS "runKey", r.trigger, r.triggered_by AS "triggeredBy", r.rollout_phase AS "rolloutPhase", r.status, r.error, r.forced,
  r.last_week_start AS "lastWeekStart", r.started_at AS "startedAt", r.finished_at AS "finishedAt", r.stats,
  (SELECT json_build_object('total', r.total_skus, 'processed', r.processed,
     'succeeded', count(*) FILTER (WHERE x.outcome = 'succeeded'), 'insufficientHistory', count(*) FILTER (WHERE x.outcome = 'insufficient_history'),
     'failed', count(*) FILTER (WHERE x.outcome = 'failed'), 'urgent', count(*) FILTER (WHERE x.priority = 'urgent'), 'high', count(*) FILTER (WHERE x.priority = 'high'))
     FROM forecast_run_items x WHERE x.run_id = r.id) AS progress`;

/** The cycle module's SQL: `forecast_runs` and `forecast_run_items`. */
@Injectable()
export class CycleRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async activeRun(manager: EntityManager = this.db.manager): Promise<Pick<RunRow, 'id' | 'run_key' | 'status'> | null> {
    const [row] = await manager.query(`SELECT id, run_key, status FROM forecast_runs WHERE status IN ('running','finalizing') AND NOT forced ORDER BY started_at LIMIT 1`);
    return row ?? null;
  }

  async activeRuns(): Promise<RunRow[]> {
    return this.db.query(`SELECT * FROM forecast_runs WHERE status IN ('running','finalizing') ORDER BY started_at`);
  }

  /** Inserts the run; null when the key was used before. */
  async insertRun(
    run: { runKey: string; trigger: RunTrigger; actor: string; phase: string; lastWeekStart: string; startedAt: Date; forced: boolean },
    manager: EntityManager,
  ): Promise<string | null> {
    const rows: { id: string }[] = await manager.query(
      `INSERT INTO forecast_runs (run_key, trigger, triggered_by, rollout_phase, status, last_week_start, started_at, last_progress_at, forced)
       VALUES ($1, $2, $3, $4, 'running', $5, $6, $6, $7) ON CONFLICT (run_key) DO NOTHING RETURNING id`,
      [run.runKey, run.trigger, run.actor, run.phase, run.lastWeekStart, run.startedAt, run.forced],
    );
    return rows[0]?.id ?? null;
  }

  async run(runId: string, manager: EntityManager = this.db.manager): Promise<RunRow | null> {
    const [row]: RunRow[] = await manager.query(`SELECT * FROM forecast_runs WHERE id = $1`, [runId]);
    return row ?? null;
  }

  /** Fixes the run's SKUs (pending outcomes) and marks it prepared; a second call changes nothing. */
  async prepareItems(runId: string, itemIds: readonly string[], at: Date, manager: EntityManager): Promise<number> {
    await manager.query(
      `INSERT INTO forecast_run_items (run_id, item_id, outcome) SELECT $1, id, 'pending' FROM unnest($2::uuid[]) AS id ON CONFLICT DO NOTHING`,
      [runId, [...itemIds]],
    );
    const [rows]: [{ total_skus: number }[], number] = await manager.query(
      `UPDATE forecast_runs SET total_skus = (SELECT count(*) FROM forecast_run_items WHERE run_id = $1), prepared_at = $2, last_progress_at = $2
        WHERE id = $1 RETURNING total_skus`,
      [runId, at],
    );
    return rows[0].total_skus;
  }

  async setModel(runId: string, artifactId: string): Promise<void> {
    await this.db.query(`UPDATE forecast_runs SET model_artifact_id = $2 WHERE id = $1`, [runId, artifactId]);
  }

  /** Of these items, those still without an outcome in the run. */
  async pendingAmong(runId: string, itemIds: readonly string[]): Promise<string[]> {
    const rows: { item_id: string }[] = await this.db.query(`SELECT item_id FROM forecast_run_items WHERE run_id = $1 AND item_id = ANY($2) AND outcome = 'pending'`, [runId, [...itemIds]]);
    return rows.map((r) => r.item_id);
  }

  async pendingItems(runId: string): Promise<{ itemId: string; generation: number }[]> {
    return this.db.query(`SELECT item_id AS "itemId", generation FROM forecast_run_items WHERE run_id = $1 AND outcome = 'pending' ORDER BY item_id`, [runId]);
  }

  /** Moves every pending item of the run to a new, common generation; returns it. */
  async nextGeneration(runId: string): Promise<number> {
    const [rows]: [{ generation: number }[], number] = await this.db.query(
      `UPDATE forecast_run_items SET generation = (SELECT COALESCE(max(generation), 0) + 1 FROM forecast_run_items WHERE run_id = $1)
        WHERE run_id = $1 AND outcome = 'pending' RETURNING generation`,
      [runId],
    );
    return rows[0]?.generation ?? 0;
  }

  /**
   * SKUs' outcomes and the run's counter, in the caller's transaction. Returns null (after
   * writing nothing the caller keeps: it must roll back) when any of them already had an outcome
   * or is not in the run; else whether these were the run's last.
   */
  async recordOutcomes(
    runId: string,
    outcomes: readonly { itemId: string; outcome: ItemOutcome; priority?: string | null; error?: string | null; attempts: number; durationMs?: number | null }[],
    at: Date,
    manager: EntityManager,
  ): Promise<boolean | null> {
    if (outcomes.length === 0) return false;
    const [updated]: [unknown[], number] = await manager.query(
      `UPDATE forecast_run_items x SET outcome = o.outcome, priority = o.priority, error = o.error, attempts = o.attempts, duration_ms = o.duration_ms, finished_at = $2
         FROM unnest($3::uuid[], $4::text[], $5::text[], $6::text[], $7::int[], $8::int[]) AS o(item_id, outcome, priority, error, attempts, duration_ms)
        WHERE x.run_id = $1 AND x.item_id = o.item_id AND x.outcome = 'pending' RETURNING 1`,
      [
        runId,
        at,
        outcomes.map((o) => o.itemId),
        outcomes.map((o) => o.outcome),
        outcomes.map((o) => o.priority ?? null),
        outcomes.map((o) => o.error ?? null),
        outcomes.map((o) => o.attempts),
        outcomes.map((o) => o.durationMs ?? null),
      ],
    );
    if (updated.length !== outcomes.length) return null;
    // Last statement before commit: the row lock on the run is held for the commit only.
    const [rows]: [{ processed: number; total_skus: number }[], number] = await manager.query(
      `UPDATE forecast_runs SET processed = processed + $2, last_progress_at = $3 WHERE id = $1 RETURNING processed, total_skus`,
      [runId, outcomes.length, at],
    );
    return rows[0].processed >= rows[0].total_skus;
  }

  /** Claims the run for finalisation (from running with every SKU done, or a finalisation to redo). */
  async claimFinalization(runId: string, at: Date): Promise<boolean> {
    const [rows]: [unknown[], number] = await this.db.query(
      `UPDATE forecast_runs SET status = 'finalizing', finalize_attempts = finalize_attempts + 1, last_progress_at = $2
        WHERE id = $1 AND status IN ('running','finalizing') AND prepared_at IS NOT NULL AND processed >= total_skus RETURNING 1`,
      [runId, at],
    );
    return rows.length > 0;
  }

  async complete(runId: string, stats: unknown, at: Date, manager: EntityManager): Promise<boolean> {
    const [rows]: [unknown[], number] = await manager.query(
      `UPDATE forecast_runs SET status = 'completed', stats = $2, finished_at = $3, error = NULL WHERE id = $1 AND status = 'finalizing' RETURNING 1`,
      [runId, JSON.stringify(stats), at],
    );
    return rows.length > 0;
  }

  async noteError(runId: string, error: string): Promise<void> {
    await this.db.query(`UPDATE forecast_runs SET error = $2 WHERE id = $1`, [runId, error.slice(0, 4000)]);
  }

  /** Ends an active run as failed with its reason; false when it had already ended. */
  async fail(runId: string, reason: string, at: Date, manager: EntityManager = this.db.manager): Promise<boolean> {
    const [rows]: [unknown[], number] = await manager.query(
      `UPDATE forecast_runs SET status = 'failed', error = $2, finished_at = $3 WHERE id = $1 AND status IN ('running','finalizing') RETURNING 1`,
      [runId, reason.slice(0, 4000), at],
    );
    return rows.length > 0;
  }

  /** A failed run back to running (retryRun); refused by the one-active-run index when another run is active. */
  async reopen(runId: string, at: Date, manager: EntityManager): Promise<boolean> {
    const [rows]: [unknown[], number] = await manager.query(
      `UPDATE forecast_runs SET status = 'running', finished_at = NULL, last_progress_at = $2 WHERE id = $1 AND status = 'failed' RETURNING 1`,
      [runId, at],
    );
    return rows.length > 0;
  }

  async outcomeCounts(runId: string): Promise<{ outcome: string; priority: string | null; n: number }[]> {
    return this.db.query(`SELECT outcome, priority, count(*)::int AS n FROM forecast_run_items WHERE run_id = $1 GROUP BY outcome, priority`, [runId]);
  }

  /** Failed SKUs of a run with their errors and attempts (the console's Today page). */
  async failures(runId: string, limit: number): Promise<{ itemId: string; error: string | null; attempts: number; finishedAt: Date | null }[]> {
    return this.db.query(
      `SELECT item_id AS "itemId", error, attempts, finished_at AS "finishedAt" FROM forecast_run_items WHERE run_id = $1 AND outcome = 'failed' ORDER BY finished_at, item_id LIMIT $2`,
      [runId, limit],
    );
  }

  // ----- GraphQL views

  async runs(first: number): Promise<unknown[]> {
    return this.db.query(`SELECT ${RUN_VIEW} FROM forecast_runs r ORDER BY r.started_at DESC LIMIT $1`, [first]);
  }

  async runView(id: string): Promise<unknown | null> {
    const [row] = await this.db.query(`SELECT ${RUN_VIEW} FROM forecast_runs r WHERE r.id = $1::uuid`, [id]);
    return row ?? null;
  }

  async newestRunStatus(): Promise<{ id: string; runKey: string; error: string | null; status: string; startedAt: Date; finishedAt: Date | null; processed: number; total: number; failed: number | null } | null> {
    const [row] = await this.db.query(
      `SELECT id, run_key AS "runKey", error, status, started_at AS "startedAt", finished_at AS "finishedAt", processed, total_skus AS total, (stats->>'failed')::int AS failed
         FROM forecast_runs ORDER BY started_at DESC LIMIT 1`,
    );
    return row ?? null;
  }

  async newestCompleted(): Promise<{ id: string; finishedAt: Date; stats: Record<string, unknown> } | null> {
    const [row] = await this.db.query(`SELECT id, finished_at AS "finishedAt", stats FROM forecast_runs WHERE status = 'completed' ORDER BY finished_at DESC LIMIT 1`);
    return row ?? null;
  }
}
