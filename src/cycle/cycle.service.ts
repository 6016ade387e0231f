import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock, CLOCK, utcToday } from '../clock/clock';
import { ConflictError, NotFoundError } from '../common/errors';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { HISTORY_WEEKS } from '../common/history-window';
import { coldStartItemForecast, ForecastService, ItemForecast, StoredItemForecast } from '../forecast/forecast.service';
import { LearningService, SEASONAL_NAIVE } from '../learning/learning.service';
import { LoopAdjustmentsService } from '../learning/loop-adjustments.service';
import { ItemForPolicy } from '../inventory/inventory.repository';
import { addWeeks, isoWeekStart } from '../common/iso-week';
import { InventoryService } from '../inventory/inventory.service';
import { job, JOB_QUEUE, JobQueue } from '../jobs/job-queue';
import { AnomalyService } from '../ops/anomaly.service';
import { IncidentService } from '../ops/incident.service';
import { MetricsService } from '../ops/metrics.service';
import { NotificationService } from '../ops/notification.service';
import { formatAlert, formatRunReport, RunStatistics } from '../ops/run-report';
import { NewestRunStatus, RunStatusSource } from '../ops/run-status.source';
import { ReorderService } from '../reorder/reorder.service';
import { finalizeJobId, JOB_ATTEMPTS, prepareJobId, skusJobId } from './cycle.jobs';
import { CycleRepository, RunRow, RunTrigger } from './cycle.repository';
import { isInfrastructureError } from './infrastructure-error';

const ENQUEUE_CHUNK = 1000;

/**
 * The daily cycle. A run is created (one active run at a time unless forced; a run key runs
 * once), prepared by a job (ABC classes, the global model, the run's SKUs fixed as pending
 * outcomes, one job per SKU), each SKU forecast and recommended in one transaction, and — when
 * the last SKU has its outcome — finalised by a job (older recommendations and drafts
 * superseded, PO drafts per rollout phase, the report, the audit entry). A finalisation that
 * throws on its last attempt fails the run with the reason and an alert; `retryRun` resumes it.
 * `supervise` (every SUPERVISOR_CRON) reconciles active runs with their items after crashes and
 * outages: it re-enqueues what has no live job, finalises what is done and fails what is past
 * its deadline. Every step is idempotent. This module calls the others; none calls it.
 */
@Injectable()
export class CycleService implements RunStatusSource {
  private readonly logger = new Logger(CycleService.name);
  private readonly runCache = new Map<string, { run: RunRow; until: number }>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly repository: CycleRepository,
    private readonly inventory: InventoryService,
    private readonly forecasts: ForecastService,
    private readonly reorder: ReorderService,
    private readonly notifications: NotificationService,
    private readonly learning: LearningService,
    private readonly metrics: MetricsService,
    private readonly anomalies: AnomalyService,
    private readonly incidents: IncidentService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly loop: LoopAdjustmentsService,
  ) {}

  /**
   * Creates the run and enqueues its preparation. Refused (CONFLICT) when its key ran before or,
   * unless `force`, while another run is active. Cheap enough for a cron or a mutation.
   */
  async startRun(trigger: RunTrigger, actor: string, options: { runKey?: string; force?: boolean } = {}): Promise<string> {
    const now = this.clock.now();
    const key = options.runKey ?? (trigger === 'cron' ? `daily-${utcToday(this.clock)}` : `${trigger}-${now.toISOString()}`);
    const lastWeekStart = addWeeks(isoWeekStart(now), -1);
    const force = options.force ?? false;
    // The phase lives in the database (setRolloutPhase); ROLLOUT_PHASE is its default.
    const phase = await this.learning.rolloutPhase();
    let runId: string;
    try {
      runId = await this.db.transaction(async (tx) => {
        const active = force ? null : await this.repository.activeRun(tx);
        if (active) throw new ConflictError(`run ${active.run_key} (${active.id}) is still ${active.status}; one run at a time (force to start another)`);
        const id = await this.repository.insertRun({ runKey: key, trigger, actor, phase, lastWeekStart, startedAt: now, forced: force }, tx);
        if (!id) throw new ConflictError(`a run with key ${key} already exists; a run key runs once`);
        await this.audit.append({ actor, action: 'forecast_run.started', entityType: 'forecast_run', entityId: id, payload: { runKey: key, trigger, phase, forced: force } }, tx);
        return id;
      });
    } catch (error) {
      // Two starts racing past the check: the one-active-run index refuses the second.
      if ((error as { code?: string }).code === '23505') throw new ConflictError(`another run became active at the same moment; one run at a time (force to start another)`);
      throw error;
    }
    await this.queue.addBulk([job('prepare-run', { runId }, { jobId: prepareJobId(runId), attempts: JOB_ATTEMPTS, backoffMs: 2000 })]);
    this.logger.log(`run ${key} started (${runId})`);
    return runId;
  }

  /** Job: ABC classes, the production global model (from the registry), the run's SKUs fixed, one job per SKU. */
  async prepareRun(runId: string): Promise<void> {
    const run = await this.requireRun(runId);
    if (run.status !== 'running') return;
    if (!run.prepared_at) {
      // Tonight's count of every active item's on hand (the on-hand history stock-out weeks come
      // from), before the realized accuracy that marks them. One statement; idempotent per day.
      await this.inventory.recordOnHandCount().catch((error: unknown) => {
        if (isInfrastructureError(error)) throw error;
        this.logger.error(`counting on hand failed, run continues: ${(error as Error).message}`);
      });
      // The demand that happened since the last forecasts: forecast-vs-actual rows for the learning loop.
      await this.learning.recordRecentActuals().catch((error: unknown) => {
        if (isInfrastructureError(error)) throw error;
        this.logger.error(`recording realized accuracy failed, run continues: ${(error as Error).message}`);
      });
      let artifactId: string | null = run.model_artifact_id;
      if (!artifactId) {
        try {
          // The registry's production version; nights do not train (only a new catalog's first one, see modelForNight).
          artifactId = await this.learning.modelForNight(run.last_week_start);
        } catch (error) {
          if (isInfrastructureError(error)) throw error;
          // The ensemble works without its global member; a model problem must not stop the night.
          this.logger.error(`no global model tonight, run continues without it: ${(error as Error).message}`);
          artifactId = null;
        }
        if (artifactId) await this.repository.setModel(runId, artifactId);
      }
      await this.db.transaction(async (tx) => {
        const abc = await this.reorder.classifyAbc(run.last_week_start, tx);
        const itemIds = await this.inventory.activeItemIds(tx);
        const total = await this.repository.prepareItems(runId, itemIds, this.clock.now(), tx);
        await this.audit.append({ actor: 'system', action: 'forecast_run.prepared', entityType: 'forecast_run', entityId: runId, payload: { skus: total, abc, modelArtifactId: artifactId } }, tx);
      });
    }
    await this.enqueuePending(runId, false);
  }

  /** Enqueues batch jobs for every SKU of the run still without an outcome (a new generation of ids when `fresh`). */
  private async enqueuePending(runId: string, fresh: boolean): Promise<number> {
    let pending = await this.repository.pendingItems(runId);
    if (pending.length === 0) {
      await this.enqueueFinalize(runId, (await this.requireRun(runId)).finalize_attempts);
      return 0;
    }
    const generation = fresh ? await this.repository.nextGeneration(runId) : Math.max(...pending.map((p) => p.generation));
    if (fresh) pending = await this.repository.pendingItems(runId);
    const size = this.config.FORECAST_BATCH_SKUS;
    const jobs = [];
    for (let i = 0, batch = 0; i < pending.length; i += size, batch++) {
      jobs.push(job('forecast-skus', { runId, itemIds: pending.slice(i, i + size).map((p) => p.itemId) }, { jobId: skusJobId(runId, generation, batch), attempts: JOB_ATTEMPTS, backoffMs: 1000 }));
    }
    for (let i = 0; i < jobs.length; i += ENQUEUE_CHUNK) await this.queue.addBulk(jobs.slice(i, i + ENQUEUE_CHUNK));
    return pending.length;
  }

  private async enqueueFinalize(runId: string, generation: number): Promise<void> {
    await this.queue.addBulk([job('finalize-run', { runId }, { jobId: finalizeJobId(runId, generation), attempts: JOB_ATTEMPTS, backoffMs: 2000 })]);
  }

  /**
   * Job: forecasts and recommendations for a batch of a run's SKUs. SKUs that already have their
   * outcome are skipped (a redelivery writes nothing). The batch is written in one transaction
   * (forecasts, recommendations, outcomes, the run's counter); if that fails for a reason other
   * than the infrastructure, each SKU is written in its own transaction so one bad SKU costs only
   * itself. A SKU's own error makes the job retry (the others are done by then) and, on the last
   * attempt, is stored as the SKU's failure. Infrastructure errors are rethrown, never recorded.
   */
  async forecastSkus(runId: string, itemIds: readonly string[], attempt: number, finalAttempt: boolean): Promise<void> {
    let run = await this.runForJob(runId);
    // The cache may predate a retry or a reconciliation that reopened the run: check afresh before giving up.
    if (run.status !== 'running') run = await this.runForJob(runId, true);
    if (run.status !== 'running') return;
    const pending = await this.repository.pendingAmong(runId, itemIds);
    if (pending.length === 0) return;
    const started = performance.now();
    const items = await this.inventory.itemsForPolicy(pending);
    const usage = await this.inventory.weeklyUsage(pending, run.last_week_start, HISTORY_WEEKS);
    const present = pending.filter((id) => items.has(id));
    // Weights learned from realized errors; while the learning loop's fallback is on, seasonal naive alone.
    // The learning loop's level adjustments and learned calibration (loop-adjustments.service.ts).
    // Stock-out weeks of the history: their usage is a floor of demand, fitted on as an estimate (forecast/censored-demand.ts).
    const [weights, fallback, loop, stockoutWeeks] = await Promise.all([
      this.learning.currentWeights(present),
      this.learning.fallbackActive(),
      this.loop.nightlyInputs(present),
      this.inventory.stockoutWeeks(present, addWeeks(run.last_week_start, -(HISTORY_WEEKS - 1)), run.last_week_start, { usage }),
    ]);
    const results = await this.forecasts.forecastItems(present.map((itemId) => ({ itemId, usage: usage.get(itemId) ?? [] })), run.last_week_start, run.model_artifact_id, {
      weights,
      candidates: fallback ? [SEASONAL_NAIVE] : undefined,
      ...loop,
      stockoutWeeks,
    });

    await this.withColdStarts(results, run.last_week_start);

    const skuErrors = new Map<string, Error>(pending.filter((id) => !items.has(id)).map((id) => [id, new NotFoundError('item', id)]));
    const ready: BatchEntry[] = [];
    for (const itemId of present) {
      const result = results.get(itemId)!;
      if (result instanceof Error) {
        if (isInfrastructureError(result)) throw result;
        skuErrors.set(itemId, result);
      } else ready.push({ item: items.get(itemId)!, result });
    }
    const durationMs = Math.round((performance.now() - started) / Math.max(1, pending.length));
    // Per-SKU job time for the anomaly detectors (the batch's time shared by its SKUs).
    for (const itemId of pending) this.anomalies.recordJobDuration(durationMs, !skuErrors.has(itemId), 'forecast-sku');

    let complete = false;
    if (ready.length > 0) {
      try {
        complete = (await this.db.transaction((tx) => this.writeBatch(run, ready, attempt, durationMs, tx))) ?? false;
      } catch (error) {
        if (isInfrastructureError(error)) throw error;
        // One SKU's write failed (or another worker recorded one meanwhile): write them one by one.
        for (const entry of ready) {
          try {
            complete = ((await this.db.transaction((tx) => this.writeBatch(run, [entry], attempt, durationMs, tx))) ?? false) || complete;
          } catch (single) {
            if (isInfrastructureError(single)) throw single;
            if (!(single instanceof DuplicateOutcome)) skuErrors.set(entry.item.id, single as Error);
          }
        }
      }
    }
    if (skuErrors.size > 0) {
      if (!finalAttempt) throw new Error(`${skuErrors.size} SKU(s) failed: ${[...skuErrors.values()].map((e) => e.message).join('; ').slice(0, 500)}`);
      for (const [itemId, error] of skuErrors) this.logger.warn(`SKU ${itemId} failed in run ${runId} after ${attempt} attempts: ${error.message}`);
      const failed = [...skuErrors].map(([itemId, error]) => ({ itemId, outcome: 'failed' as const, error: error.message.slice(0, 2000), attempts: attempt }));
      const last = await this.db.transaction(async (tx) => {
        const done = await this.repository.recordOutcomes(runId, failed, this.clock.now(), tx);
        if (done === null) throw new DuplicateOutcome();
        return done;
      }).catch((error: unknown) => {
        if (error instanceof DuplicateOutcome) return false;
        throw error;
      });
      complete = last || complete;
    }
    // A run finalised before (then reopened) needs a new finalisation job id: the old one is kept done.
    if (complete) await this.enqueueFinalize(runId, (await this.requireRun(runId)).finalize_attempts);
  }

  /**
   * Cold start: SKUs the engine found short of 12 weeks get a forecast from their supplier's SKUs
   * (learning), scaled by their own short history, with a wide interval, stored flagged
   * `cold_start`; the policy recommends on it like on any forecast. SKUs with neither similar
   * items nor history of their own stay "insufficient history". A cold-start failure (not the
   * infrastructure's) leaves the batch's short SKUs insufficient rather than failing the batch.
   */
  private async withColdStarts(results: Map<string, ItemForecast | Error>, lastWeekStart: string): Promise<void> {
    const short = [...results].filter(([, r]) => !(r instanceof Error) && r.kind === 'insufficient').map(([id]) => id);
    if (short.length === 0) return;
    try {
      const cold = await this.learning.coldStartDistributions(short, lastWeekStart);
      for (const [itemId, c] of cold) {
        const before = results.get(itemId) as ItemForecast;
        results.set(itemId, coldStartItemForecast(c, before.historyWeeks, this.clock.now()));
      }
    } catch (error) {
      if (isInfrastructureError(error)) throw error;
      this.logger.error(`cold-start forecasts failed for ${short.length} SKUs, they stay insufficient: ${(error as Error).message}`);
    }
  }

  /** One transaction's worth: forecasts, recommendations, outcomes and the counter for these SKUs. */
  private async writeBatch(run: RunRow, entries: readonly BatchEntry[], attempt: number, durationMs: number, tx: EntityManager): Promise<boolean> {
    const stored = entries.filter((e): e is BatchEntry & { result: StoredItemForecast } => e.result.kind === 'forecast');
    const forecastIds = await this.forecasts.storeForecasts(tx, run.id, run.last_week_start, stored.map((e) => ({ itemId: e.item.id, forecast: e.result })));
    const recs = await this.reorder.recommendAndStoreMany(
      run.id,
      stored.map((e) => ({ item: e.item, forecastId: forecastIds.get(e.item.id)!, forecast: { meanPerWeek: e.result.result.mean, sdPerWeek: e.result.result.sd, totalSd: e.result.result.total.sd } })),
      tx,
    );
    const last = await this.repository.recordOutcomes(
      run.id,
      entries.map((e) => ({
        itemId: e.item.id,
        outcome: e.result.kind === 'forecast' ? ('succeeded' as const) : ('insufficient_history' as const),
        priority: recs.get(e.item.id)?.priority ?? null,
        attempts: attempt,
        durationMs,
      })),
      this.clock.now(),
      tx,
    );
    // Someone else recorded one of these SKUs meanwhile: roll back what this attempt wrote.
    if (last === null) throw new DuplicateOutcome();
    return last;
  }

  /**
   * Job: after the last SKU — older open recommendations and pending drafts superseded, PO drafts
   * (phase draft/auto), the report (notify and later), the audit entry, the run completed.
   */
  async finalizeRun(runId: string): Promise<void> {
    if (!(await this.repository.claimFinalization(runId, this.clock.now()))) return;
    const run = await this.requireRun(runId);
    try {
      const purchaseOrders = await this.db.transaction(async (tx) => {
        await this.reorder.supersedeOlder(runId, tx);
        return run.rollout_phase === 'draft' || run.rollout_phase === 'auto' ? this.reorder.draftPurchaseOrders(runId, run.rollout_phase, utcToday(this.clock), tx) : 0;
      });
      const stats = await this.statistics(run, purchaseOrders);
      let notifications: { sent: string[]; failed: { channel: string; error: string }[] } = { sent: [], failed: [] };
      if (run.rollout_phase !== 'shadow') {
        const [urgent, high] = await Promise.all([this.reorder.reportLines(runId, 'urgent'), this.reorder.reportLines(runId, 'high')]);
        const lines = (rows: typeof urgent) => rows.map((r) => ({ ...r, daysToStockout: r.daysToStockout === null ? null : Number(r.daysToStockout) }));
        const anchor = await this.audit.latestAnchor().catch(() => undefined);
        const report = formatRunReport(stats, lines(urgent), lines(high), this.config.FRONTEND_URL, anchor);
        // The learning loop's headline KPIs against the plan's targets, its alerts and the rollout verdict.
        const learned = await this.learning.reportSummary().catch((error: unknown) => ({ lines: [`(learning summary unavailable: ${(error as Error).message})`], alerts: [] as string[] }));
        const extra = [...learned.lines, ...learned.alerts.map((a) => `ALERT: ${a}`)];
        if (extra.length) {
          report.text = `${report.text}\n\n${extra.join('\n')}`;
          report.slack.text = `${report.slack.text}\n${extra.join('\n')}`.slice(0, 3000);
        }
        notifications = await this.notifications.deliver(report);
      }
      await this.db.transaction(async (tx) => {
        const final = { ...stats, notificationsSent: notifications.sent, notificationFailures: notifications.failed.length };
        if (await this.repository.complete(runId, final, this.clock.now(), tx)) {
          await this.audit.append({ actor: 'system', action: 'forecast_run.completed', entityType: 'forecast_run', entityId: runId, payload: final }, tx);
        }
      });
      this.metrics.runFinished({ status: 'completed', durationMs: stats.durationMs, processed: stats.processed, succeeded: stats.succeeded, insufficientHistory: stats.insufficientHistory, failed: stats.failed });
      this.logger.log(`run ${run.run_key} completed: ${stats.succeeded}/${stats.processed} forecasts, ${stats.failed} failed, ${purchaseOrders} POs, ${stats.durationMs} ms`);
    } catch (error) {
      await this.repository.noteError(runId, `finalisation: ${(error as Error).message}`).catch(() => undefined);
      throw error;
    }
  }

  /** Ends a run as failed with its reason, records it and alerts (email, Slack). */
  async failRun(runId: string, reason: string): Promise<boolean> {
    const run = await this.requireRun(runId);
    const failed = await this.db.transaction(async (tx) => {
      if (!(await this.repository.fail(runId, reason, this.clock.now(), tx))) return false;
      await this.audit.append({ actor: 'system', action: 'forecast_run.failed', entityType: 'forecast_run', entityId: runId, payload: { reason } }, tx);
      return true;
    });
    if (!failed) return false;
    this.logger.error(`run ${run.run_key} failed: ${reason}`);
    this.metrics.runFinished({ status: 'failed', durationMs: this.clock.now().getTime() - new Date(run.started_at).getTime(), processed: run.processed });
    const details = [`Run ${run.run_key} (${runId}) failed: ${reason}`, `SKUs done: ${run.processed}/${run.total_skus}.`, 'An admin can resume it with the retryRun mutation.'];
    // The incident (ops) alerts by email and Slack; if it cannot be opened, alert directly.
    try {
      await this.incidents.open('run-failed', `run ${run.run_key} failed`, { runId, reason, processed: run.processed, total: run.total_skus, resume: 'retryRun(id) (admin)' }, { dedupeKey: `run-failed:${runId}` });
    } catch (error) {
      this.logger.error(`could not open the incident for run ${run.run_key}: ${(error as Error).message}`);
      await this.notifications.deliver(formatAlert(`run ${run.run_key} failed`, details));
    }
    return true;
  }

  /**
   * Admin: resumes a failed run — SKUs still without an outcome are enqueued again, and a run
   * whose SKUs are all done is finalised again. CONFLICT for a completed run or while another
   * run is active.
   */
  async retryRun(runId: string, actor: string): Promise<void> {
    const run = await this.requireRun(runId);
    if (run.status === 'completed') throw new ConflictError(`run ${run.run_key} is completed; nothing to retry`);
    if (run.status === 'failed') {
      try {
        await this.db.transaction(async (tx) => {
          if (!(await this.repository.reopen(runId, this.clock.now(), tx))) throw new ConflictError(`run ${run.run_key} changed state; try again`);
          await this.audit.append({ actor, action: 'forecast_run.retried', entityType: 'forecast_run', entityId: runId, payload: { previousError: run.error } }, tx);
        });
      } catch (error) {
        if ((error as { code?: string }).code === '23505') throw new ConflictError(`another run is active; retry ${run.run_key} when it has ended`);
        throw error;
      }
    }
    await this.resume(runId, run.finalize_attempts + 1);
  }

  private async resume(runId: string, generation: number): Promise<void> {
    const run = await this.requireRun(runId);
    if (!run.prepared_at) {
      await this.queue.addBulk([job('prepare-run', { runId }, { jobId: prepareJobId(runId, generation), attempts: JOB_ATTEMPTS, backoffMs: 2000 })]);
    } else if (run.processed >= run.total_skus) {
      await this.enqueueFinalize(runId, generation);
    } else {
      await this.enqueuePending(runId, true);
    }
  }

  /**
   * Job (SUPERVISOR_CRON): every active run past its deadline fails; a run that has not moved
   * for RUN_STALL_SECONDS gets what it lacks — its preparation, its SKUs without a live job, or
   * its finalisation — enqueued again (lost Redis, killed workers, a database outage that used
   * up the attempts).
   */
  async supervise(insideJob = false): Promise<{ failed: number; resumed: number }> {
    const now = this.clock.now().getTime();
    let failed = 0;
    let resumed = 0;
    for (const run of await this.repository.activeRuns()) {
      if (now - new Date(run.started_at).getTime() > this.config.RUN_DEADLINE_MINUTES * 60_000) {
        if (await this.failRun(run.id, `deadline: not finished ${this.config.RUN_DEADLINE_MINUTES} minutes after it started (${run.processed}/${run.total_skus} SKUs done)`)) failed++;
        continue;
      }
      const lastMove = new Date(run.last_progress_at ?? run.started_at).getTime();
      if (now - lastMove < this.config.RUN_STALL_SECONDS * 1000) continue;
      if (await this.reenqueueStalled(run, insideJob)) resumed++;
    }
    return { failed, resumed };
  }

  private async reenqueueStalled(run: RunRow, insideJob: boolean): Promise<boolean> {
    if (!run.prepared_at) {
      const live = await this.queue.liveJobIds([prepareJobId(run.id), prepareJobId(run.id, run.finalize_attempts + 1)]);
      if (live.size > 0) return false;
      this.logger.warn(`run ${run.run_key}: not prepared and no live preparation job; enqueuing it again`);
      await this.queue.addBulk([job('prepare-run', { runId: run.id }, { jobId: `${prepareJobId(run.id)}_s${Date.now()}`, attempts: JOB_ATTEMPTS, backoffMs: 2000 })]);
      return true;
    }
    if (run.processed >= run.total_skus) {
      const ids = Array.from({ length: run.finalize_attempts + 2 }, (_, g) => finalizeJobId(run.id, g));
      if ((await this.queue.liveJobIds(ids)).size > 0) return false;
      this.logger.warn(`run ${run.run_key}: every SKU done but not finalised; finalising again`);
      await this.enqueueFinalize(run.id, run.finalize_attempts + 1);
      return true;
    }
    // Jobs of every name still waiting or running (the supervision job itself excluded): while
    // there are any, the run is being worked on (a killed worker's jobs come back through
    // BullMQ's stalled check). None, and SKUs still pending: their jobs were lost.
    const otherLive = (await this.queue.liveCount()) - (insideJob ? 1 : 0);
    if (otherLive > 0) return false;
    const count = await this.enqueuePending(run.id, true);
    this.logger.warn(`run ${run.run_key}: ${count} SKUs without an outcome and no live job; enqueued them again`);
    return count > 0;
  }

  private async statistics(run: RunRow, purchaseOrders: number): Promise<RunStatistics> {
    const rows = await this.repository.outcomeCounts(run.id);
    const sum = (pred: (r: (typeof rows)[number]) => boolean) => rows.filter(pred).reduce((s, r) => s + r.n, 0);
    return {
      runId: run.id,
      runKey: run.run_key,
      rolloutPhase: run.rollout_phase,
      processed: sum((r) => r.outcome !== 'pending'),
      succeeded: sum((r) => r.outcome === 'succeeded'),
      insufficientHistory: sum((r) => r.outcome === 'insufficient_history'),
      failed: sum((r) => r.outcome === 'failed'),
      urgent: sum((r) => r.priority === 'urgent'),
      high: sum((r) => r.priority === 'high'),
      purchaseOrders,
      durationMs: this.clock.now().getTime() - new Date(run.started_at).getTime(),
    };
  }

  /** Polls until the run has ended (CLI, demo, benchmarks); its final statistics, or an error naming why it failed. */
  async waitForCompletion(runId: string, options: { timeoutMs: number; onProgress?: (processed: number, total: number) => void }): Promise<Record<string, unknown>> {
    const deadline = Date.now() + options.timeoutMs;
    for (;;) {
      const run = await this.requireRun(runId);
      if (run.status === 'completed' && run.stats) return run.stats;
      if (run.status === 'failed') throw new Error(`run ${run.run_key} failed: ${run.error}`);
      options.onProgress?.(run.processed, run.total_skus);
      if (Date.now() > deadline) throw new Error(`run ${runId} did not complete within ${options.timeoutMs} ms (${run.processed}/${run.total_skus} SKUs done)`);
      await new Promise((resolve) => setTimeout(resolve, 250));
    }
  }

  // ----- reads

  async requireRun(runId: string): Promise<RunRow> {
    const run = await this.repository.run(runId);
    if (!run) throw new NotFoundError('forecast run', runId);
    return run;
  }

  runs(first: number): Promise<unknown[]> {
    return this.repository.runs(first);
  }

  async runView(id: string): Promise<unknown> {
    const run = await this.repository.runView(id);
    if (!run) throw new NotFoundError('forecast run', id);
    return run;
  }

  /** For ops (RUN_STATUS_SOURCE): the newest run, whatever its state. */
  newestRun(): Promise<NewestRunStatus | null> {
    return this.repository.newestRunStatus();
  }

  async lastCompletedAt(): Promise<Date | null> {
    return (await this.repository.newestCompleted())?.finishedAt ?? null;
  }

  /** SKUs whose last attempt failed in a run, with their errors (the `failures` field of a run). */
  runFailures(runId: string, first: number): ReturnType<CycleRepository['failures']> {
    return this.repository.failures(runId, first);
  }

  /** The run row for a job, cached for a second: thousands of jobs of one run read the same row. */
  private async runForJob(runId: string, fresh = false): Promise<RunRow> {
    const cached = this.runCache.get(runId);
    if (!fresh && cached && cached.until > Date.now()) return cached.run;
    const run = await this.requireRun(runId);
    this.runCache.clear();
    this.runCache.set(runId, { run, until: Date.now() + 1000 });
    return run;
  }
}

class DuplicateOutcome extends Error {}

interface BatchEntry {
  item: ItemForPolicy;
  result: ItemForecast;
}
