import { Inject, Injectable, Logger, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { ConflictError, NotFoundError } from '../../common/errors';
import { APP_CONFIG } from '../../config/config.module';
import { AppConfig } from '../../config/config.schema';
import { addWeeks, isoWeekStart } from '../../inventory/iso-week';
import { FORECAST_JOB_QUEUE, JobQueue } from '../../jobs/job-queue';
import { NotificationService } from '../../ops/notification.service';
import type { RunSummary } from '../../ops/ops-sources';
import { formatRunReport, ReportLine, RunStatistics } from '../../ops/run-report';
import { ItemForPolicy, ReorderService } from '../../reorder/reorder.service';
import { isInsufficientHistory } from '../engine';
import { loadAugurs } from '../models/augurs';
import { ForecastPool } from './forecast-pool';
import { ModelStoreService } from './model-store.service';
import { denseWeeklyHistory } from './weekly-history';

export const HISTORY_WEEKS = 104;
export const JOB_ATTEMPTS = 3;
/** Ensemble weights younger than this are reused instead of re-validated every night. */
export const WEIGHTS_MAX_AGE_DAYS = 7;

export type RunTrigger = 'cron' | 'manual' | 'cli' | 'bench';

export interface PrepareRunJob {
  runId: string;
}
export interface ForecastSkuJob {
  runId: string;
  itemId: string;
}

interface RunRow {
  id: string;
  run_key: string;
  status: string;
  rollout_phase: string;
  last_week_start: string;
  total_skus: number;
  processed: number;
  model_artifact_id: string | null;
  started_at: Date;
}

/** BullMQ job ids may not contain ':'; these are stable per run and SKU, so re-sends dedupe. */
export const prepareJobId = (runId: string) => `prepare_${runId}`;
export const skuJobId = (runId: string, itemId: string) => `sku_${runId}_${itemId}`;

/**
 * The daily cycle: a run row, ABC classification, the global model, one job per active SKU
 * (forecast + recommendation in one transaction), and, when the last SKU is done, statistics,
 * purchase-order drafts, the report and the audit entry. Every step is idempotent.
 */
@Injectable()
export class PipelineService implements OnModuleInit, OnModuleDestroy {
  private readonly logger = new Logger(PipelineService.name);
  private readonly runCache = new Map<string, { run: RunRow; until: number }>();
  private pool?: ForecastPool;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(FORECAST_JOB_QUEUE) private readonly queue: JobQueue,
    private readonly reorder: ReorderService,
    private readonly models: ModelStoreService,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The ETS and Prophet members run on augurs' WASM modules, loaded once per process. */
  async onModuleInit(): Promise<void> {
    await loadAugurs();
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.close();
  }

  /** Threads are started on the first SKU job, so API-only and CLI processes never start them. */
  private forecastPool(): ForecastPool {
    return (this.pool ??= new ForecastPool(this.config.FORECAST_THREADS));
  }

  /**
   * Creates the run (refused when its key was used before), classifies ABC and enqueues the
   * preparation job; the heavy work happens in workers. Cheap enough for a cron or a mutation.
   */
  async startRun(trigger: RunTrigger, actor: string, runKey?: string, now = new Date()): Promise<string> {
    const today = now.toISOString().slice(0, 10);
    const key = runKey ?? (trigger === 'cron' ? `daily-${today}` : `${trigger}-${now.toISOString()}`);
    const lastWeekStart = addWeeks(isoWeekStart(now), -1);
    const runId = await this.db.transaction(async (tx) => {
      const inserted: { id: string }[] = await tx.query(
        `INSERT INTO forecast_runs (run_key, trigger, triggered_by, rollout_phase, status, last_week_start)
         VALUES ($1, $2, $3, $4, 'running', $5) ON CONFLICT (run_key) DO NOTHING RETURNING id`,
        [key, trigger, actor, this.config.ROLLOUT_PHASE, lastWeekStart],
      );
      if (inserted.length === 0) throw new ConflictError(`a run with key ${key} already exists; a run key runs once`);
      const id = inserted[0].id;
      const abc = await this.reorder.classifyAbc(lastWeekStart, tx);
      const [{ n }]: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM inventory_items WHERE active`);
      await tx.query(`UPDATE forecast_runs SET total_skus = $2 WHERE id = $1`, [id, n]);
      await this.audit.append({ actor, action: 'forecast_run.started', entityType: 'forecast_run', entityId: id, payload: { runKey: key, trigger, phase: this.config.ROLLOUT_PHASE, skus: n, abc } }, tx);
      return id;
    });
    await this.queue.addBulk([{ name: 'prepare-run', data: { runId } satisfies PrepareRunJob, options: { jobId: prepareJobId(runId), attempts: JOB_ATTEMPTS, backoffMs: 2000 } }]);
    this.logger.log(`run ${key} started (${runId})`);
    return runId;
  }

  /** Worker: trains the global model when stale, then fans out one job per active SKU. */
  async prepareRun(runId: string): Promise<void> {
    const run = await this.run(runId);
    if (run.status !== 'running') return;
    let artifactId = run.model_artifact_id;
    if (!artifactId) {
      try {
        artifactId = await this.models.ensureGlobalModel(run.last_week_start, this.config.MODEL_MAX_AGE_DAYS);
      } catch (error) {
        // The ensemble works without its global member; a training failure must not stop the night.
        this.logger.error(`global model training failed, run continues without it: ${(error as Error).message}`);
        artifactId = null;
      }
      if (artifactId) await this.db.query(`UPDATE forecast_runs SET model_artifact_id = $2 WHERE id = $1`, [runId, artifactId]);
    }
    const items: { id: string }[] = await this.db.query(`SELECT id FROM inventory_items WHERE active ORDER BY sku`);
    if (items.length === 0) return this.finalizeRun(runId);
    const chunk = 1000;
    for (let i = 0; i < items.length; i += chunk) {
      await this.queue.addBulk(
        items.slice(i, i + chunk).map((item) => ({
          name: 'forecast-sku',
          data: { runId, itemId: item.id } satisfies ForecastSkuJob,
          options: { jobId: skuJobId(runId, item.id), attempts: JOB_ATTEMPTS, backoffMs: 1000 },
        })),
      );
    }
  }

  /** Worker: forecast and recommendation for one SKU, written in one transaction. */
  async forecastSkuJob(runId: string, itemId: string, attempt: number): Promise<void> {
    const started = Date.now();
    const run = await this.runForJob(runId);
    if (run.status !== 'running') return;

    // The item and whether it already has an outcome in this run (a redelivered job), in one query.
    const [item]: (ItemForPolicy & { unitCost: string; done: boolean; recentWeights: Record<string, number> | null })[] = await this.db.query(
      `SELECT i.id, i.abc_class AS "abcClass", i.service_level_target AS "serviceLevelTarget", i.on_hand AS "onHand", i.backorders,
              COALESCE(i.lead_time_days, s.default_lead_time_days, 0) AS "leadTimeDays",
              COALESCE(i.lead_time_std_days, s.lead_time_std_days, 0)::float8 AS "leadTimeStdDays",
              COALESCE(s.review_period_days, 1) AS "reviewPeriodDays", i.lot_size AS "lotSize", i.min_order_qty AS "minOrderQty", i.unit_cost AS "unitCost",
              EXISTS (SELECT 1 FROM forecast_run_items x WHERE x.run_id = $2 AND x.item_id = i.id) AS done,
              (SELECT f.weights FROM forecasts f WHERE f.item_id = i.id AND f.created_at > now() - make_interval(days => $3)
                ORDER BY f.created_at DESC LIMIT 1) AS "recentWeights"
         FROM inventory_items i LEFT JOIN suppliers s ON s.id = i.supplier_id WHERE i.id = $1`,
      [itemId, runId, WEIGHTS_MAX_AGE_DAYS],
    );
    if (!item) throw new NotFoundError('item', itemId);
    if (item.done) return;
    const usage: { week_start: string; quantity: string }[] = await this.db.query(
      `SELECT week_start, quantity FROM usage_history WHERE item_id = $1 AND week_start > $2::date - 7 * $3 AND week_start <= $2::date`,
      [itemId, run.last_week_start, HISTORY_WEEKS],
    );
    const history = denseWeeklyHistory(usage.map((u) => ({ weekStart: u.week_start, quantity: Number(u.quantity) })), run.last_week_start, HISTORY_WEEKS);
    const artifactId = run.model_artifact_id;
    const horizon = this.config.FORECAST_HORIZON_WEEKS;
    // Ensemble weights come from an inner validation (a second fit of every member); a SKU's
    // weights from the last week are reused, so a normal night fits each member once.
    const weights = item.recentWeights && Object.keys(item.recentWeights).length > 1 ? item.recentWeights : undefined;
    const forecast = await this.forecastPool().forecast(
      history,
      { horizon, season: 52, seed: 1, weights },
      artifactId ? { id: artifactId, load: () => this.models.globalModel(artifactId) } : undefined,
    );

    const complete = await this.db.transaction(async (tx) => {
      if (isInsufficientHistory(forecast)) {
        return this.recordOutcome(tx, runId, itemId, { outcome: 'insufficient_history', attempts: attempt, durationMs: Date.now() - started });
      }
      const onOrder = (await this.reorder.onOrder([itemId], tx)).get(itemId) ?? 0;
      const rec = this.reorder.recommend(item, { meanPerWeek: forecast.mean, sdPerWeek: forecast.sd, totalSd: forecast.total.sd }, onOrder);
      const outcome = await this.recordOutcome(tx, runId, itemId, { outcome: 'succeeded', priority: rec.priority, attempts: attempt, durationMs: Date.now() - started });
      if (outcome === null) return false;
      const firstWeek = addWeeks(run.last_week_start, 1);
      const weeks = forecast.mean.map((mean, i) => ({
        weekStart: addWeeks(firstWeek, i),
        mean: round3(mean),
        sd: round3(forecast.sd[i]),
        p50: round3(forecast.quantiles.p50[i]),
        p90: round3(forecast.quantiles.p90[i]),
        p95: round3(forecast.quantiles.p95[i]),
        p99: round3(forecast.quantiles.p99[i]),
      }));
      const t = forecast.total;
      const [saved]: { id: string }[] = await tx.query(
        `INSERT INTO forecasts (run_id, item_id, model, demand_pattern, first_week_start, horizon_weeks, weeks, total_mean, total_sd, total_p50, total_p90, total_p95, total_p99, weights, failed_members, history_weeks)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16) RETURNING id`,
        [runId, itemId, forecast.model, forecast.pattern, firstWeek, horizon, JSON.stringify(weeks), round3(t.mean), round3(t.sd), round3(t.p50), round3(t.p90), round3(t.p95), round3(t.p99), JSON.stringify(forecast.weights), JSON.stringify(forecast.failedMembers), history.length],
      );
      await tx.query(
        `INSERT INTO reorder_recommendations (run_id, item_id, forecast_id, abc_class, service_level, safety_stock, reorder_point, order_up_to, stock_position,
            recommended_qty, days_to_stockout, priority, inputs, status)
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14)`,
        [
          runId,
          itemId,
          saved.id,
          item.abcClass ?? 'C',
          rec.inputs.serviceLevel,
          round3(rec.safetyStockUnits),
          round3(rec.reorderPointUnits),
          round3(rec.orderUpToUnits),
          round3(rec.stockPositionUnits),
          round3(rec.orderQuantityUnits),
          Number.isFinite(rec.daysUntilStockout) ? Math.min(rec.daysUntilStockout, 9_999_999).toFixed(2) : null,
          rec.priority,
          JSON.stringify(rec),
          rec.orderQuantityUnits > 0 ? 'open' : 'no_action',
        ],
      );
      return outcome;
    });
    if (complete) await this.finalizeRun(runId);
  }

  /** Worker: a SKU whose last attempt failed gets an error row; the run goes on. */
  async recordFailure(runId: string, itemId: string, error: Error, attempts: number): Promise<void> {
    const complete = await this.db.transaction((tx) => this.recordOutcome(tx, runId, itemId, { outcome: 'failed', error: error.message.slice(0, 2000), attempts }));
    if (complete) await this.finalizeRun(runId);
  }

  /**
   * The SKU's outcome row and the run's processed counter, in the caller's transaction. Returns
   * null when the SKU already had an outcome (a duplicate delivery; nothing else is written),
   * else whether this SKU was the run's last.
   */
  private async recordOutcome(
    tx: EntityManager,
    runId: string,
    itemId: string,
    outcome: { outcome: string; priority?: string; error?: string; attempts: number; durationMs?: number },
  ): Promise<boolean | null> {
    const inserted: unknown[] = await tx.query(
      `INSERT INTO forecast_run_items (run_id, item_id, outcome, priority, error, attempts, duration_ms) VALUES ($1, $2, $3, $4, $5, $6, $7)
       ON CONFLICT (run_id, item_id) DO NOTHING RETURNING 1`,
      [runId, itemId, outcome.outcome, outcome.priority ?? null, outcome.error ?? null, outcome.attempts, outcome.durationMs ?? null],
    );
    if (inserted.length === 0) return null;
    // Last statement before commit: the row lock on the run is held for the commit only.
    const [rows]: [{ processed: number; total_skus: number }[], number] = await tx.query(
      `UPDATE forecast_runs SET processed = processed + 1 WHERE id = $1 RETURNING processed, total_skus`,
      [runId],
    );
    return rows[0].processed >= rows[0].total_skus;
  }

  /** The run row for a job, cached for a second: thousands of jobs of one run read the same row. */
  private async runForJob(runId: string): Promise<RunRow> {
    const cached = this.runCache.get(runId);
    if (cached && cached.until > Date.now()) return cached.run;
    const run = await this.run(runId);
    this.runCache.clear();
    this.runCache.set(runId, { run, until: Date.now() + 1000 });
    return run;
  }

  /**
   * After the last SKU: statistics, PO drafts (phase draft/auto), the report (notify and later),
   * the audit entry, and the run marked complete — claimed by one worker only.
   */
  async finalizeRun(runId: string): Promise<void> {
    const [claimed]: [{ id: string }[], number] = await this.db.query(`UPDATE forecast_runs SET status = 'finalizing' WHERE id = $1 AND status = 'running' RETURNING id`, [runId]);
    if (claimed.length === 0) return;
    const run = await this.run(runId);
    const today = new Date().toISOString().slice(0, 10);
    const purchaseOrders = await this.db.transaction(async (tx) => {
      // A newer recommendation replaces an older one still waiting for a decision.
      await tx.query(
        `UPDATE reorder_recommendations o SET status = 'superseded'
          WHERE o.status = 'open' AND o.run_id <> $1 AND EXISTS (SELECT 1 FROM reorder_recommendations n WHERE n.run_id = $1 AND n.item_id = o.item_id)`,
        [runId],
      );
      return run.rollout_phase === 'draft' || run.rollout_phase === 'auto' ? this.reorder.draftPurchaseOrders(runId, run.rollout_phase, today, tx) : 0;
    });

    const stats = await this.statistics(run, purchaseOrders);
    let notifications: { sent: string[]; failed: { channel: string; error: string }[] } = { sent: [], failed: [] };
    if (run.rollout_phase !== 'shadow') {
      const [urgent, high] = await Promise.all([this.reportLines(runId, 'urgent'), this.reportLines(runId, 'high')]);
      notifications = await this.notifications.deliver(formatRunReport(stats, urgent, high, this.config.FRONTEND_URL));
    }
    await this.db.transaction(async (tx) => {
      const final = { ...stats, notificationsSent: notifications.sent, notificationFailures: notifications.failed.length };
      await tx.query(`UPDATE forecast_runs SET status = 'completed', stats = $2, finished_at = now() WHERE id = $1`, [runId, JSON.stringify(final)]);
      await this.audit.append({ actor: 'system', action: 'forecast_run.completed', entityType: 'forecast_run', entityId: runId, payload: final }, tx);
    });
    this.logger.log(`run ${run.run_key} completed: ${stats.succeeded}/${stats.processed} forecasts, ${stats.failed} failed, ${purchaseOrders} POs, ${stats.durationMs} ms`);
  }

  private async statistics(run: RunRow, purchaseOrders: number): Promise<RunStatistics> {
    const rows: { outcome: string; priority: string | null; n: number }[] = await this.db.query(
      `SELECT outcome, priority, count(*)::int AS n FROM forecast_run_items WHERE run_id = $1 GROUP BY outcome, priority`,
      [run.id],
    );
    const sum = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).reduce((s, r) => s + r.n, 0);
    return {
      runId: run.id,
      runKey: run.run_key,
      rolloutPhase: run.rollout_phase,
      processed: sum(() => true),
      succeeded: sum((r) => r.outcome === 'succeeded'),
      insufficientHistory: sum((r) => r.outcome === 'insufficient_history'),
      failed: sum((r) => r.outcome === 'failed'),
      urgent: sum((r) => r.priority === 'urgent'),
      high: sum((r) => r.priority === 'high'),
      purchaseOrders,
      durationMs: Date.now() - new Date(run.started_at).getTime(),
    };
  }

  private async reportLines(runId: string, priority: string): Promise<ReportLine[]> {
    const rows: { sku: string; name: string; recommended_qty: string; days_to_stockout: string | null }[] = await this.db.query(
      `SELECT i.sku, i.name, r.recommended_qty, r.days_to_stockout FROM reorder_recommendations r JOIN inventory_items i ON i.id = r.item_id
        WHERE r.run_id = $1 AND r.priority = $2 ORDER BY r.days_to_stockout NULLS LAST, i.sku LIMIT 200`,
      [runId, priority],
    );
    return rows.map((r) => ({ sku: r.sku, name: r.name, recommendedQty: r.recommended_qty, daysToStockout: r.days_to_stockout === null ? null : Number(r.days_to_stockout) }));
  }

  /** Polls until the run is completed (CLI, demo, benchmarks); returns its final statistics. */
  async waitForCompletion(runId: string, options: { timeoutMs: number; onProgress?: (processed: number, total: number) => void }): Promise<Record<string, unknown>> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const [run]: { status: string; processed: number; total_skus: number; stats: Record<string, unknown> | null }[] = await this.db.query(
        `SELECT status, processed, total_skus, stats FROM forecast_runs WHERE id = $1`,
        [runId],
      );
      if (run.status === 'completed' && run.stats) return run.stats;
      options.onProgress?.(run.processed, run.total_skus);
      if (Date.now() > deadline) throw new Error(`run ${runId} did not complete within ${options.timeoutMs} ms (${run.processed}/${run.total_skus} SKUs done)`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  /** For ops (RunFreshnessSource): the newest run and when the newest completed run finished. */
  async runFreshness(): Promise<{ latest: RunSummary | null; lastCompletedAt: Date | null }> {
    const [row]: { id: string; run_key: string; status: string; started_at: Date; finished_at: Date | null; error: string | null; processed: number; total_skus: number; failed: number | null; last_completed_at: Date | null }[] = await this.db.query(
      `SELECT r.id, r.run_key, r.status, r.started_at, r.finished_at, r.error, r.processed, r.total_skus, (r.stats->>'failed')::int AS failed,
              (SELECT max(finished_at) FROM forecast_runs WHERE status = 'completed') AS last_completed_at
         FROM (SELECT 1) one LEFT JOIN LATERAL (SELECT * FROM forecast_runs ORDER BY started_at DESC LIMIT 1) r ON true`,
    );
    const latest: RunSummary | null = row?.id
      ? { id: row.id, runKey: row.run_key, status: row.status, startedAt: new Date(row.started_at), finishedAt: row.finished_at && new Date(row.finished_at), error: row.error, processed: row.processed, totalSkus: row.total_skus, failedSkus: row.failed, durationSeconds: row.finished_at ? (new Date(row.finished_at).getTime() - new Date(row.started_at).getTime()) / 1000 : null }
      : null;
    return { latest, lastCompletedAt: row?.last_completed_at ? new Date(row.last_completed_at) : null };
  }

  async run(runId: string): Promise<RunRow> {
    const [run]: RunRow[] = await this.db.query(`SELECT * FROM forecast_runs WHERE id = $1`, [runId]);
    if (!run) throw new NotFoundError('forecast run', runId);
    return run;
  }
}

function round3(value: number): string {
  return (Math.round(value * 1000) / 1000).toFixed(3);
}
