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

  async isPending(runId: string, itemId: string): Promise<boolean> {
    const [row] = await this.db.query(`SELECT 1 FROM forecast_run_items WHERE run_id = $1 AND item_id = $2 AND outcome = 'pending'`, [runId, itemId]);
    return !!row;
  }

  async pendingItems(runId: string): Promise<{ itemId: string; generation: number }[]> {
    return this.db.query(`SELECT item_id AS "itemId", generation FROM forecast_run_items WHERE run_id = $1 AND outcome = 'pending' ORDER BY item_id`, [runId]);
  }

  async bumpGeneration(runId: string, itemIds: readonly string[]): Promise<void> {
    await this.db.query(`UPDATE forecast_run_items SET generation = generation + 1 WHERE run_id = $1 AND item_id = ANY($2) AND outcome = 'pending'`, [runId, [...itemIds]]);
  }

  /**
   * The SKU's outcome and the run's counter, in the caller's transaction. Null when the SKU
   * already had an outcome or is not in the run (nothing is written); else whether it was the last.
   */
  async recordOutcome(
    runId: string,
    itemId: string,
    outcome: { outcome: ItemOutcome; priority?: string; error?: string; attempts: number; durationMs?: number },
    at: Date,
    manager: EntityManager,
  ): Promise<boolean | null> {
    const [updated]: [unknown[], number] = await manager.query(
      `UPDATE forecast_run_items SET outcome = $3, priority = $4, error = $5, attempts = $6, duration_ms = $7, finished_at = $8
        WHERE run_id = $1 AND item_id = $2 AND outcome = 'pending' RETURNING 1`,
      [runId, itemId, outcome.outcome, outcome.priority ?? null, outcome.error ?? null, outcome.attempts, outcome.durationMs ?? null, at],
    );
    if (updated.length === 0) return null;
    // Last statement before commit: the row lock on the run is held for the commit only.
    const [rows]: [{ processed: number; total_skus: number }[], number] = await manager.query(
      `UPDATE forecast_runs SET processed = processed + 1, last_progress_at = $2 WHERE id = $1 RETURNING processed, total_skus`,
      [runId, at],
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

  async failedItems(runId: string, limit: number): Promise<{ itemId: string; error: string | null }[]> {
    return this.db.query(`SELECT item_id AS "itemId", error FROM forecast_run_items WHERE run_id = $1 AND outcome = 'failed' ORDER BY finished_at LIMIT $2`, [runId, limit]);
  }

  // ----- GraphQL views

  async runs(first: number): Promise<unknown[]> {
    return this.db.query(`SELECT ${RUN_VIEW} FROM forecast_runs r ORDER BY r.started_at DESC LIMIT $1`, [first]);
  }

  async runView(id: string): Promise<unknown | null> {
    const [row] = await this.db.query(`SELECT ${RUN_VIEW} FROM forecast_runs r WHERE r.id = $1::uuid`, [id]);
    return row ?? null;
  }

  async newestCompleted(): Promise<{ id: string; finishedAt: Date; stats: Record<string, unknown> } | null> {
    const [row] = await this.db.query(`SELECT id, finished_at AS "finishedAt", stats FROM forecast_runs WHERE status = 'completed' ORDER BY finished_at DESC LIMIT 1`);
    return row ?? null;
  }
}
