/**
 * The learning loop: realized accuracy, feedback from decisions, adaptive ensemble weights,
 * drift detection, the retraining decision, the model registry, the rollout phase and the
 * seasonal-naive fallback. The math is in the plain files beside this one (accuracy.ts,
 * welch.ts, drift.ts, weights.ts, fva.ts, rollout.ts, retrain.ts, business-kpis.ts,
 * cold-start.ts); this service gathers their inputs and stores their outputs.
 *
 * Methods other modules call (the call sites are wired in the cycle / reorder / inventory code):
 *
 * - `recordActuals(itemIds, weekStarts, { stockouts? })` — after usage arrives (CSV import,
 *   `recordUsage`), with the items and ISO weeks that got usage; or `recordRecentActuals()`
 *   (every active item, the last 4 complete weeks) from the cycle's preparation. Writes forecast-vs-actual rows
 *   for every forecast step and model that covered those weeks, stock-out weeks of the on-hand
 *   history (inventory's `stockoutWeeks`) marked censored; idempotent. Member models are
 *   recorded when the forecast row's `weeks[i].members` holds their means ({ name: mean }).
 * - `recordDecision(input, manager)` — inside the transaction of approve / adjust / reject of a
 *   recommendation; the reorder module reaches it through DECISION_FEEDBACK_SINK
 *   (decision-feedback.sink.ts) so it need not import this module. Returns `{ reevaluate, reevaluationJobId }`: an adjustment beyond 25 % asks
 *   for a per-SKU re-evaluation job (the id is stable per SKU per day, so enqueueing is idempotent).
 * - `currentWeights(itemIds)` — the nightly forecast reads each SKU's ensemble weights here
 *   (pass them as the engine's `weights`); no entry → the engine validates its own.
 * - `updateWeeklyWeights()`, `detectDrift()`, `retrainDecision()` — the weekly learning pass,
 *   `weeklyPass()`, run by the 'learning-weekly' job that RETRAIN_CRON enqueues.
 * - `rolloutPhase()` — the phase the cycle runs in (database first, ROLLOUT_PHASE otherwise);
 *   `fallbackActive()` — true while every SKU must be forecast by seasonal naive;
 *   `evaluateFallback()` — weekly, after the actuals: enters the fallback above 50 % MAPE.
 * - `coldStartForecasts(itemIds, lastWeekStart)` — for SKUs the engine calls insufficient
 *   history: a forecast from the same supplier's SKUs, flagged `cold_start`, with a wide interval.
 * - `reportSummary()` — lines for the daily report: headline KPIs against the plan's targets,
 *   alerts, the rollout verdict, the fallback state and this week's drift events.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock, CLOCK } from '../clock/clock';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { COLD_START_MODEL, ForecastService } from '../forecast/forecast.service';
import { denseWeeklyHistory } from '../forecast/weekly-history';
import { InventoryService } from '../inventory/inventory.service';
import { NotificationService } from '../ops/notification.service';
import { IncidentService } from '../ops/incident.service';
import { ProductionModelSource } from '../ops/ops-sources';
import { RUN_STATUS_SOURCE, RunStatusSource } from '../ops/run-status.source';
import { ReorderService } from '../reorder/reorder.service';
import { formatAlert } from '../ops/run-report';
import { addWeeks, isIsoWeekStart, isoWeekStart, weeksBetween } from '../common/iso-week';
import { AccuracyPoint, AccuracySummary, improvementOverBaselinePct, mase, maseScale, summarizeAccuracy } from './accuracy';
import {
  approvalRatePct,
  approvalTimeHours,
  automatedPoSharePct,
  decisionErrorPct,
  excessStockValue,
  feedbackCompletenessPct,
  forecastToOrderConversionPct,
  needsReevaluation,
} from './business-kpis';
import { COLD_START_DEFAULTS, coldStartForecast, ColdStartForecast } from './cold-start';
import { LAUNCH_PROFILE_DEFAULTS, learnLaunchProfile } from './launch-profile';
import { coldStartDistribution, ColdStartDistribution } from './cold-start-interval';
import { MINIMUM_HISTORY } from '../common/history-window';
import { DecisionFeedback, DecisionFeedbackSink } from './decision-feedback.sink';
import { detectDrift as driftVerdict, DRIFT_BASELINE_WEEKS, DRIFT_RECENT_WEEKS } from './drift';
import { forecastValueAdded, FvaSummary, plannerForecast } from './fva';
import { formatKpiLines, judgeKpis } from './kpi-targets';
import { AccuracyRow, LearningRepository, RegistryRow } from './learning.repository';
import { job, JOB_QUEUE, JobQueue } from '../jobs/job-queue';
import { reevaluateJobId, retrainJobId } from './learning.jobs';
import { fallbackDecision, retrainDecision, RetrainDecision, shouldPromote } from './retrain';
import { PHASES, RolloutPhase, rolloutReadiness, RolloutReadiness } from './rollout';
import { adaptiveWeights } from './weights';

export const ENSEMBLE = 'ensemble';
export const SEASONAL_NAIVE = 'seasonal-naive';
const SEASON_WEEKS = 52;
const HISTORY_WEEKS = 104;
/** How long a supplier's peer series stay cached for cold starts (one night's batches). */
const PEER_CACHE_MS = 10 * 60_000;
/** Realized errors feeding the weights: the last 13 weeks, every horizon step. */
export const WEIGHT_WINDOW_WEEKS = 13;
/** The backtest metric champion and challenger are compared on (lower is better). */
export const CHAMPION_METRIC = 'mase';
/** The model the registry versions today (the global tree). */
export const GLOBAL_MODEL = 'global-tree';
/** How a registry row refers to a stored artifact: `model_artifacts:<uuid>`. */
export const ARTIFACT_REF_PREFIX = 'model_artifacts:';

function artifactIdOf(ref: string): string | null {
  const match = /^model_artifacts:([0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i.exec(ref);
  return match ? match[1] : null;
}

export type KpiGroupBy = 'OVERALL' | 'ABC_CLASS' | 'SKU';

export interface AccuracyKpis extends AccuracySummary {
  key: string;
  mase: number | null;
  /** The ensemble's improvement over seasonal naive on the same weeks, percent of the baseline's MAE. */
  improvementOverSeasonalNaivePct: number | null;
}

export interface BusinessKpis {
  stockoutWeeks: number;
  excessStockValue: number;
  approvalTimeMeanHours: number | null;
  approvalTimeMedianHours: number | null;
  feedbackCompletenessPct: number | null;
  approvalRatePct: number | null;
  forecastToOrderConversionPct: number | null;
  automatedPoSharePct: number | null;
  forecastCompletionPct: number | null;
}

export type DecisionInput = DecisionFeedback;

const FALLBACK_INCIDENT_KEY = 'forecast-fallback';

@Injectable()
export class LearningService implements DecisionFeedbackSink, ProductionModelSource {
  private readonly logger = new Logger(LearningService.name);
  private readonly peerCache = new Map<string, { peers: { itemId: string; series: number[] }[]; until: number }>();
  private launchCache: { key: string; profile: number[] | null; until: number } | undefined;

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: LearningRepository,
    private readonly inventory: InventoryService,
    private readonly forecasts: ForecastService,
    private readonly reorder: ReorderService,
    private readonly notifications: NotificationService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    private readonly incidents: IncidentService,
  ) {}

  /**
   * Runs, read through the interface the cycle module provides. Looked up on use: the cycle
   * calls this service, so a constructor dependency on the cycle's provider would be a cycle.
   */
  private get runs(): RunStatusSource {
    return this.moduleRef.get<RunStatusSource>(RUN_STATUS_SOURCE, { strict: false });
  }

  /** The Monday of the newest complete week by the clock. */
  lastCompleteWeek(): string {
    return addWeeks(isoWeekStart(this.clock.now()), -1);
  }

  // ----- realized accuracy

  /**
   * Forecast vs actual for the items and weeks that just got usage: one row per model, week and
   * horizon step (the newest run's forecast at that step), with the MASE scale of the SKU's
   * history at the forecast's origin. Weeks without a usage row are skipped (not yet reported);
   * a week is censored when it is a stock-out week of the on-hand history (inventory's
   * `stockoutWeeks`: on hand ≤ 0 on one of its days or at its end, usage > 0) or named in
   * `stockouts`; a stock-out found later (recordRecentActuals re-records the last 4 weeks) updates
   * the row. Idempotent: the same data again writes nothing.
   */
  async recordActuals(itemIds: readonly string[], weekStarts: readonly string[], options: { stockouts?: readonly { itemId: string; weekStart: string }[] } = {}): Promise<{ written: number }> {
    weekStarts.forEach((w, i) => {
      if (!isIsoWeekStart(w)) throw BadInputError.field('weekStarts', `${w} is not a Monday (YYYY-MM-DD)`, i + 1);
    });
    if (itemIds.length === 0 || weekStarts.length === 0) return { written: 0 };
    const covering = await this.forecasts.coveringWeeks(itemIds, [...new Set(weekStarts)]);
    if (covering.length === 0) return { written: 0 };
    const maxWeek = weekStarts.reduce((a, b) => (a > b ? a : b));
    const minOrigin = covering.reduce((min, c) => { const o = addWeeks(c.weekStart, -c.horizonStep); return o < min ? o : min; }, maxWeek);
    const coveredIds = [...new Set(covering.map((c) => c.itemId))];
    const usage = await this.inventory.weeklyUsage(coveredIds, maxWeek, weeksBetween(minOrigin, maxWeek) + HISTORY_WEEKS + 1);
    // Stock-out weeks from the on-hand history (inventory's stockoutWeeks), and any the caller names.
    const coveredWeeks = [...new Set(covering.map((c) => c.weekStart))].sort();
    const fromHistory = await this.inventory.stockoutWeeks(coveredIds, coveredWeeks[0], coveredWeeks[coveredWeeks.length - 1], { usage });
    const censored = new Set([
      ...(options.stockouts ?? []).map((s) => `${s.itemId}|${s.weekStart}`),
      ...[...fromHistory].flatMap(([itemId, weeks]) => weeks.map((w) => `${itemId}|${w}`)),
    ]);
    const rows: AccuracyRow[] = [];
    for (const c of covering) {
      const itemUsage = usage.get(c.itemId) ?? [];
      const actualRow = itemUsage.find((u) => u.weekStart === c.weekStart);
      if (!actualRow || !c.week) continue;
      const origin = addWeeks(c.weekStart, -c.horizonStep);
      const history = denseWeeklyHistory(itemUsage.filter((u) => u.weekStart <= origin), origin, HISTORY_WEEKS);
      const scale = maseScale(history, SEASON_WEEKS);
      const base = {
        itemId: c.itemId,
        weekStart: c.weekStart,
        horizonStep: c.horizonStep,
        runId: c.runId,
        actual: actualRow.quantity,
        maseScale: scale && scale.maeUnits > 0 ? scale.maeUnits : null,
        maseScaleKind: scale ? scale.kind : null,
        censored: censored.has(`${c.itemId}|${c.weekStart}`),
      };
      const q = (v: number | string | undefined) => (v === undefined || v === null || !Number.isFinite(Number(v)) ? null : Number(v));
      // A cold-start forecast is recorded as its own model: it is not the ensemble's accuracy.
      rows.push({ ...base, model: c.model === COLD_START_MODEL ? COLD_START_MODEL : ENSEMBLE, forecast: Number(c.week.mean), p50: q(c.week.p50), p90: q(c.week.p90), p95: q(c.week.p95), p99: q(c.week.p99) });
      const members = c.week.members ?? {};
      for (const [name, mean] of Object.entries(members)) {
        if (Number.isFinite(Number(mean))) rows.push({ ...base, model: name, forecast: Number(mean), p50: null, p90: null, p95: null, p99: null });
      }
      // The seasonal-naive baseline (the plan's yardstick), as the engine's member computes it:
      // the value one season before the week, plain naive on a history shorter than a season.
      if (!(SEASONAL_NAIVE in members) && history.length > 0) {
        const index = history.length >= SEASON_WEEKS ? history.length - 1 + c.horizonStep - SEASON_WEEKS : history.length - 1;
        const value = history[Math.max(0, Math.min(history.length - 1, index))];
        rows.push({ ...base, model: SEASONAL_NAIVE, forecast: value, p50: null, p90: null, p95: null, p99: null });
      }
    }
    const written = await this.db.transaction((tx) => this.repo.upsertAccuracy(rows, this.clock.now(), tx));
    return { written };
  }

  /**
   * recordActuals for every active item and the last `weeks` complete weeks: the pull form, for
   * the cycle's preparation (idempotent, so re-recording weeks already recorded writes nothing
   * and a corrected usage week is corrected). Inventory cannot call this module (this module
   * reads inventory), so usage that arrives by import or recordUsage is picked up here.
   */
  async recordRecentActuals(weeks = 4): Promise<{ written: number }> {
    const last = this.lastCompleteWeek();
    const itemIds = await this.inventory.activeItemIds();
    return this.recordActuals(itemIds, Array.from({ length: weeks }, (_, i) => addWeeks(last, -i)));
  }

  /** Accuracy KPIs of the ensemble (one-week-ahead, step 1) over the last `windowWeeks` complete weeks. */
  async accuracyKpis(windowWeeks: number, groupBy: KpiGroupBy, step = 1): Promise<AccuracyKpis[]> {
    if (windowWeeks !== 4 && windowWeeks !== 13) throw BadInputError.field('window', 'must be 4 or 13 weeks');
    const toWeek = this.lastCompleteWeek();
    const rows = await this.repo.accuracyRows({ fromWeek: addWeeks(toWeek, -windowWeeks), toWeek, models: [ENSEMBLE, SEASONAL_NAIVE], steps: [step] });
    const items = await this.inventory.itemsForPolicy([...new Set(rows.map((r) => r.itemId))]);
    const keyOf = (itemId: string) => (groupBy === 'OVERALL' ? 'OVERALL' : groupBy === 'SKU' ? (items.get(itemId)?.sku ?? itemId) : (items.get(itemId)?.abcClass ?? 'unclassified'));
    const groups = new Map<string, AccuracyRow[]>();
    for (const r of rows) groups.set(keyOf(r.itemId), [...(groups.get(keyOf(r.itemId)) ?? []), r]);
    if (groups.size === 0 && groupBy === 'OVERALL') groups.set('OVERALL', []);
    return [...groups.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([key, group]) => accuracyKpisOf(key, group));
  }

  /** Business KPIs over the last `windowWeeks` weeks (recommendations and POs created since then). */
  async businessKpis(windowWeeks: number): Promise<BusinessKpis> {
    const from = new Date(this.clock.now().getTime() - windowWeeks * 7 * 86_400_000);
    const toWeek = this.lastCompleteWeek();
    const [recs, pos, newestRun, stockouts, orderUpTo] = await Promise.all([
      this.reorder.recommendationFacts(from),
      this.reorder.purchaseOrderFacts(from),
      this.runs.newestRun(),
      this.inventory.stockoutWeeks(null, addWeeks(toWeek, -(windowWeeks - 1)), toWeek),
      this.reorder.latestOrderUpTo(),
    ]);
    const items = await this.inventory.itemsForPolicy([...orderUpTo.keys()]);
    const approval = approvalTimeHours(recs.filter((r) => r.decidedBy !== 'system'));
    return {
      // (item, week) pairs of the window's complete weeks where on hand reached 0 with usage, from
      // the on-hand history (every item, forecast or not): the weeks realized accuracy marks censored.
      stockoutWeeks: [...stockouts.values()].reduce((n, weeks) => n + weeks.length, 0),
      excessStockValue: excessStockValue([...orderUpTo].map(([id, s]) => ({ onHandUnits: Number(items.get(id)?.onHand ?? 0), orderUpToUnits: s, unitCost: Number(items.get(id)?.unitCost ?? 0) }))),
      approvalTimeMeanHours: approval.meanHours,
      approvalTimeMedianHours: approval.medianHours,
      feedbackCompletenessPct: feedbackCompletenessPct(recs),
      approvalRatePct: approvalRatePct(recs),
      forecastToOrderConversionPct: forecastToOrderConversionPct(recs),
      automatedPoSharePct: automatedPoSharePct(pos),
      // The newest completed run: SKUs that got their outcome without failing (a forecast, or
      // "insufficient history" correctly found) over the run's SKUs.
      forecastCompletionPct: newestRun && newestRun.status === 'completed' && newestRun.total > 0 ? (100 * (newestRun.processed - (newestRun.failed ?? 0))) / newestRun.total : null,
    };
  }

  /** One SKU's accuracy per model over the last 13 weeks (step 1) and its weekly ensemble record. */
  async accuracy(sku: string): Promise<{ sku: string; models: AccuracyKpis[]; weeks: AccuracyRow[] }> {
    const itemId = await this.inventory.itemIdBySku(sku);
    if (!itemId) throw new NotFoundError('item', sku);
    const toWeek = this.lastCompleteWeek();
    const rows = await this.repo.accuracyRows({ fromWeek: addWeeks(toWeek, -13), toWeek, itemIds: [itemId] });
    const byModel = new Map<string, AccuracyRow[]>();
    for (const r of rows.filter((r) => r.horizonStep === 1)) byModel.set(r.model, [...(byModel.get(r.model) ?? []), r]);
    const baseline = byModel.get(SEASONAL_NAIVE) ?? [];
    const models = [...byModel.entries()].sort(([a], [b]) => a.localeCompare(b)).map(([model, list]) => accuracyKpisOf(model, [...list, ...(model === ENSEMBLE ? baseline : [])], model));
    return { sku, models, weeks: rows.filter((r) => r.model === ENSEMBLE) };
  }

  // ----- feedback from decisions

  /**
   * One feedback row per decided recommendation, in the caller's transaction. An adjustment
   * beyond 25 % of the recommended quantity asks for a re-evaluation of the SKU.
   */
  async recordDecision(input: DecisionInput, manager?: EntityManager): Promise<{ recorded: boolean; reevaluate: boolean; reevaluationJobId: string | null }> {
    const recommended = Number(input.recommendedQty);
    const decided = Number(input.decidedQty);
    if (!Number.isFinite(recommended) || recommended < 0) throw BadInputError.field('recommendedQty', 'must be a non-negative number');
    if (!Number.isFinite(decided) || decided < 0) throw BadInputError.field('decidedQty', 'must be a non-negative number');
    const decidedAt = input.decidedAt ?? this.clock.now();
    const reevaluate = input.decision === 'adjusted' && needsReevaluation(recommended, decided);
    const recorded = await this.repo.insertFeedback(
      { ...input, decidedAt, errorPct: decisionErrorPct(recommended, decided), reevaluate },
      manager,
    );
    const day = decidedAt.toISOString().slice(0, 10);
    return { recorded, reevaluate, reevaluationJobId: reevaluate ? reevaluateJobId(input.itemId, day) : null };
  }

  /** Enqueues the SKU's re-evaluation (after the decision committed); the id makes it once per SKU per day. */
  async requestReevaluation(itemId: string, jobId: string): Promise<void> {
    const day = jobId.slice(jobId.lastIndexOf('_') + 1);
    await this.queue.addBulk([job('reevaluate-sku', { itemId, day }, { jobId, attempts: 3, backoffMs: 5000 })]);
  }

  /**
   * Job 'reevaluate-sku': an approver moved this SKU's order by more than 25 %, so the system's
   * view of it is in doubt. Its ensemble weights are validated afresh — the engine's own rolling
   * validation origins on its history up to the newest complete week (the week the approver
   * already saw), with the production global model — ignoring both the learned weights and the
   * weekly validation schedule, and stored as its current weights (`ensemble_weights`, source
   * `reevaluation`, with the previous weights and the day as inputs). The next night's forecast
   * reads them (`currentWeights`) and re-fits the SKU with them; the weekly pass replaces them
   * as usual. The re-fitted forecast itself is not stored: forecasts belong to runs, and the next
   * run stores it. Idempotent: a SKU already re-evaluated that day is left alone. SKUs now short
   * of 12 weeks, or gone, are skipped (audited with the reason).
   */
  async reevaluateSku(itemId: string, day: string): Promise<{ reevaluated: boolean; reason: string; weights?: Record<string, number> }> {
    const current = (await this.repo.currentWeights([itemId], this.clock.now())).get(itemId);
    if (current?.source === 'reevaluation' && (current.inputs as { day?: string } | null)?.day === day) return { reevaluated: false, reason: `already re-evaluated on ${day}` };
    const lastWeek = this.lastCompleteWeek();
    const usage = await this.inventory.weeklyUsage([itemId], lastWeek, HISTORY_WEEKS);
    const modelId = await this.productionArtifactId(GLOBAL_MODEL);
    // Stock-out weeks at their estimate, as the nightly forecast validates and fits (forecast/censored-demand.ts).
    const stockoutWeeks = await this.inventory.stockoutWeeks([itemId], addWeeks(lastWeek, -(HISTORY_WEEKS - 1)), lastWeek, { usage });
    const result = (await this.forecasts.forecastItems([{ itemId, usage: usage.get(itemId) ?? [] }], lastWeek, modelId, { revalidate: true, stockoutWeeks })).get(itemId);
    if (result instanceof Error) throw result;
    let outcome: { reevaluated: boolean; reason: string; weights?: Record<string, number> };
    if (!result || result.kind !== 'forecast' || Object.keys(result.result.weights).length === 0) {
      outcome = { reevaluated: false, reason: result ? 'fewer than 12 weeks of history' : 'item not found' };
    } else {
      const weights = result.result.weights;
      await this.db.transaction((tx) =>
        this.repo.insertWeights([{ itemId, weights, source: 'reevaluation', inputs: { day, validatedTo: lastWeek, pattern: result.result.pattern, previous: current?.weights ?? null, previousSource: current?.source ?? null } }], this.clock.now(), tx),
      );
      outcome = { reevaluated: true, reason: 'adjusted beyond 25 %: weights validated afresh', weights };
    }
    await this.audit.append({ actor: 'system', action: 'learning.reevaluated', entityType: 'inventory_item', entityId: itemId, payload: { day, ...outcome } });
    this.logger.log(`re-evaluated SKU ${itemId} (${day}): ${outcome.reason}`);
    return outcome;
  }

  /** FVA of planners' adjustments, per approver and overall, on weeks whose actual is known. */
  async forecastValueAdded(): Promise<{ byApprover: FvaSummary[]; overall: FvaSummary }> {
    const rows = await this.repo.overriddenWeeks();
    const horizon = this.config.FORECAST_HORIZON_WEEKS;
    return forecastValueAdded(
      rows.map((r) => ({
        approver: r.approver,
        itemId: r.itemId,
        weekStart: r.weekStart,
        systemForecast: r.forecast,
        plannerForecast: plannerForecast(r.forecast, r.recommendedQty, r.decidedQty, horizon),
        actual: r.actual,
        censored: r.censored,
      })),
    );
  }

  // ----- adaptive weights

  /** The current ensemble weights per SKU (SKUs without learned weights are absent). */
  async currentWeights(itemIds: readonly string[]): Promise<Map<string, Record<string, number>>> {
    const rows = await this.repo.currentWeights(itemIds, this.clock.now());
    return new Map([...rows].map(([id, r]) => [id, r.weights]));
  }

  async weightHistory(itemIds: readonly string[]) {
    return this.repo.currentWeights(itemIds, this.clock.now());
  }

  /**
   * Weekly: new weights for every SKU with a forecast. Members are the newest forecast's; each
   * member's realized error is its mean absolute scaled error over the last 13 weeks (every step,
   * censored weeks out); before every member has 8 of them, the backtest errors are the ones
   * implied by the engine's inner-validation weights (inverse-MAE weights: error ∝ 1 / weight).
   */
  async updateWeeklyWeights(): Promise<{ items: number; bySource: Record<string, number> }> {
    const engineWeights = await this.forecasts.latestWeightsByItem();
    const toWeek = this.lastCompleteWeek();
    const rows = await this.repo.accuracyRows({ fromWeek: addWeeks(toWeek, -WEIGHT_WINDOW_WEEKS), toWeek });
    const errors = new Map<string, Record<string, number[]>>();
    for (const r of rows) {
      if (r.censored || r.maseScale === null || r.model === ENSEMBLE) continue;
      const byModel = errors.get(r.itemId) ?? {};
      (byModel[r.model] ??= []).push(Math.abs(r.forecast - r.actual) / r.maseScale);
      errors.set(r.itemId, byModel);
    }
    const out: { itemId: string; weights: Record<string, number>; source: string; inputs: unknown }[] = [];
    const bySource: Record<string, number> = {};
    for (const [itemId, weights] of engineWeights) {
      const members = Object.keys(weights).sort();
      if (members.length === 0) continue;
      const backtestErrors = Object.fromEntries(members.map((m) => [m, weights[m] > 0 ? 1 / weights[m] : NaN]));
      const w = adaptiveWeights({ members, realizedErrors: errors.get(itemId) ?? {}, backtestErrors });
      out.push({ itemId, weights: w.weights, source: w.source, inputs: { ...w, weights: undefined } });
      bySource[w.source] = (bySource[w.source] ?? 0) + 1;
    }
    await this.db.transaction((tx) => this.repo.insertWeights(out, this.clock.now(), tx));
    this.logger.log(`ensemble weights updated for ${out.length} SKUs: ${JSON.stringify(bySource)}`);
    return { items: out.length, bySource };
  }

  // ----- drift

  /** Weekly: the drift rule on every SKU's one-week-ahead ensemble errors of the last 16 weeks. */
  async detectDrift(): Promise<{ tested: number; drifted: { itemId: string; pValue: number }[] }> {
    const toWeek = this.lastCompleteWeek();
    const span = DRIFT_RECENT_WEEKS + DRIFT_BASELINE_WEEKS;
    const rows = await this.repo.accuracyRows({ fromWeek: addWeeks(toWeek, -span), toWeek, models: [ENSEMBLE], steps: [1] });
    const byItem = new Map<string, (number | null)[]>();
    for (const r of rows) {
      const series = byItem.get(r.itemId) ?? new Array<number | null>(span).fill(null);
      const index = span - 1 - weeksBetween(r.weekStart, toWeek);
      if (!r.censored && r.maseScale !== null) series[index] = Math.abs(r.forecast - r.actual) / r.maseScale;
      byItem.set(r.itemId, series);
    }
    const events: Parameters<LearningRepository['insertDriftEvents']>[0][number][] = [];
    for (const [itemId, series] of byItem) {
      const v = driftVerdict(series);
      if (v.status === 'drift') events.push({ itemId, weekStart: toWeek, t: v.t, df: v.df, p: v.pGreater, recentMean: v.recentMean, baselineMean: v.baselineMean, nRecent: v.nA, nBaseline: v.nB });
    }
    await this.db.transaction((tx) => this.repo.insertDriftEvents(events, this.clock.now(), tx));
    if (events.length > 0) this.logger.warn(`drift on ${events.length} of ${byItem.size} SKUs (week ${toWeek})`);
    return { tested: byItem.size, drifted: events.map((e) => ({ itemId: e.itemId, pValue: e.p })) };
  }

  async driftEvents(sinceWeeks = 4) {
    return this.repo.driftEvents(addWeeks(this.lastCompleteWeek(), -sinceWeeks));
  }

  // ----- retraining and the model registry

  /** Whether the weekly retraining should run: last week's MAPE, drift this week, the model's age. */
  async retrainDecision(modelName: string): Promise<RetrainDecision & { lastWeekMapePct: number | null; driftEvents: number; modelAgeDays: number | null }> {
    const week = this.lastCompleteWeek();
    const [rows, drift, production] = await Promise.all([
      this.repo.accuracyRows({ fromWeek: addWeeks(week, -1), toWeek: week, models: [ENSEMBLE], steps: [1] }),
      this.repo.driftEvents(week),
      this.repo.productionModel(modelName),
    ]);
    const lastWeekMapePct = summarizeAccuracy(rows).mapePct;
    const since = production?.promotedAt ?? production?.createdAt;
    const modelAgeDays = since ? (this.clock.now().getTime() - new Date(since).getTime()) / 86_400_000 : null;
    const decision = retrainDecision({ lastWeekMapePct, driftEvents: drift.length, modelAgeDays, maxAgeDays: this.config.MODEL_MAX_AGE_DAYS });
    return { ...decision, lastWeekMapePct, driftEvents: drift.length, modelAgeDays };
  }

  models(name?: string): Promise<RegistryRow[]> {
    return this.repo.models(name);
  }

  /** Registers a trained model version (not in production). */
  async registerModel(input: { name: string; artifactRef: string; trainingFrom?: string | null; trainingTo?: string | null; backtestMetrics: Record<string, number> }, actor: string): Promise<RegistryRow> {
    if (!/^[a-z0-9][a-z0-9._-]{0,63}$/.test(input.name)) throw BadInputError.field('name', 'lower-case letters, digits, . _ -, at most 64');
    return this.db.transaction(async (tx) => {
      const row = await this.repo.registerModel({ ...input, trainingFrom: input.trainingFrom ?? null, trainingTo: input.trainingTo ?? null, createdBy: actor, createdAt: this.clock.now() }, tx);
      await this.audit.append({ actor, action: 'model.registered', entityType: 'model_registry', entityId: row.id, payload: { name: row.name, version: row.version, backtestMetrics: row.backtestMetrics } }, tx);
      return row;
    });
  }

  /** Makes a version the production one (admin); the replaced version is kept for rollback. */
  async promoteModel(id: string, actor: string): Promise<RegistryRow> {
    return this.db.transaction(async (tx) => {
      const model = await this.repo.modelForUpdate(id, tx);
      if (!model) throw new NotFoundError('model', id);
      if (model.isProduction) throw new ConflictError(`model ${model.name} v${model.version} is already in production`);
      const current = await this.repo.productionModel(model.name, tx, true);
      await this.repo.setProduction(model.name, id, actor, this.clock.now(), current?.id ?? null, tx);
      await this.audit.append({ actor, action: 'model.promoted', entityType: 'model_registry', entityId: id, payload: { name: model.name, version: model.version, replaced: current ? current.version : null } }, tx);
      return (await this.repo.modelForUpdate(id, tx))!;
    });
  }

  /**
   * Champion/challenger: promotes the challenger only when it beats the production version on
   * the same backtest metric; a promoted challenger that also beats seasonal naive ends a fallback.
   */
  async considerChallenger(id: string, actor: string): Promise<{ promoted: boolean; reason: string }> {
    const [challenger] = (await this.repo.models()).filter((m) => m.id === id);
    if (!challenger) throw new NotFoundError('model', id);
    const champion = await this.repo.productionModel(challenger.name);
    const challengerError = Number(challenger.backtestMetrics[CHAMPION_METRIC]);
    const championError = champion ? Number(champion.backtestMetrics[CHAMPION_METRIC]) : null;
    if (!shouldPromote(challengerError, championError)) {
      const reason = `refused: ${CHAMPION_METRIC} ${challengerError} does not beat the champion's ${championError}`;
      await this.audit.append({ actor, action: 'model.refused', entityType: 'model_registry', entityId: id, payload: { name: challenger.name, version: challenger.version, reason } });
      return { promoted: false, reason };
    }
    await this.promoteModel(id, actor);
    const naive = Number(challenger.backtestMetrics[`${SEASONAL_NAIVE}.${CHAMPION_METRIC}`]);
    if (Number.isFinite(naive) && challengerError < naive) await this.evaluateFallback({ retrainedModelPassed: true }, actor);
    return { promoted: true, reason: `${CHAMPION_METRIC} ${challengerError} beats ${championError ?? 'no champion'}` };
  }

  /** Restores the version the current production one replaced (one step back). */
  async rollbackModel(name: string, actor: string): Promise<RegistryRow> {
    return this.db.transaction(async (tx) => {
      const current = await this.repo.productionModel(name, tx, true);
      if (!current) throw new NotFoundError('production model', name);
      if (!current.replacedId) throw new ConflictError(`model ${name} v${current.version} replaced no earlier version; nothing to roll back to`);
      const previous = await this.repo.modelForUpdate(current.replacedId, tx);
      if (!previous) throw new ConflictError(`the version model ${name} v${current.version} replaced is gone`);
      await this.repo.setProduction(name, previous.id, actor, this.clock.now(), undefined, tx);
      await this.audit.append({ actor, action: 'model.rolled_back', entityType: 'model_registry', entityId: previous.id, payload: { name, from: current.version, to: previous.version } }, tx);
      return (await this.repo.modelForUpdate(previous.id, tx))!;
    });
  }

  /**
   * The weekly pass: new weights, the drift rule, the fallback rule and the retraining decision,
   * audited. When the rule says retrain, the 'retrain-model' job is enqueued (one per week; it
   * notifies its own result); when it says skip, the skip and its reason go out by e-mail/Slack.
   */
  async weeklyPass(actor = 'system'): Promise<{ weights: number; drifted: number; fallback: string; retrain: boolean; reasons: string[]; retrainJobId: string | null }> {
    const weights = await this.updateWeeklyWeights();
    const drift = await this.detectDrift();
    const fallback = await this.evaluateFallback({}, actor);
    const decision = await this.retrainDecision(GLOBAL_MODEL);
    const summary = { week: this.lastCompleteWeek(), weights: weights.items, drifted: drift.drifted.length, fallback: fallback.change, retrain: decision.retrain, reasons: decision.reasons };
    await this.audit.append({ actor, action: 'learning.weekly', entityType: 'learning', entityId: summary.week, payload: summary });
    this.logger.log(`weekly learning pass ${summary.week}: ${JSON.stringify(summary)}`);
    const retrainJobId = decision.retrain ? await this.enqueueRetrain(GLOBAL_MODEL, actor, decision.reasons, `week-${summary.week}`) : null;
    const lines = [
      `Week ${summary.week}: ensemble weights updated for ${weights.items} SKUs; drift on ${drift.drifted.length} of ${drift.tested} SKUs.`,
      decision.retrain ? `Retraining started (${decision.reasons.join('; ')}); its result follows.` : `Retraining ${decision.reasons.join('; ')}.`,
      ...(fallback.change === 'enter' ? [`Overall MAPE ${fallback.overallMapePct?.toFixed(1)} % > 50 %: every SKU falls back to seasonal naive until a retrained model passes.`] : []),
    ];
    const title = fallback.change === 'enter' ? 'forecasts fell back to seasonal naive' : decision.retrain ? 'retraining started' : 'retraining skipped';
    const delivery = await this.notifications.deliver(formatAlert(title, lines));
    if (delivery.failed.length > 0) this.logger.warn(`weekly learning notification failed on ${delivery.failed.map((f) => f.channel).join(', ')}`);
    return { weights: weights.items, drifted: drift.drifted.length, fallback: fallback.change, retrain: decision.retrain, reasons: decision.reasons, retrainJobId };
  }

  // ----- retraining on a worker

  /** Enqueues the 'retrain-model' job; `key` makes it idempotent (the week for the cron, the moment for retrainNow). */
  async enqueueRetrain(name: string, requestedBy: string, reasons: string[], key: string): Promise<string> {
    const jobId = retrainJobId(name, key);
    await this.queue.addBulk([job('retrain-model', { name, requestedBy, reasons }, { jobId, attempts: 2, backoffMs: 60_000 })]);
    return jobId;
  }

  /** Admin: the retraining rule's verdict now, and a retraining job enqueued whatever it says (the admin asked). */
  async retrainNow(name: string, actor: string): Promise<Awaited<ReturnType<LearningService['retrainDecision']>> & { jobId: string }> {
    if (name !== GLOBAL_MODEL) throw BadInputError.field('name', `only ${GLOBAL_MODEL} is retrained by the system`);
    const verdict = await this.retrainDecision(name);
    const jobId = await this.enqueueRetrain(name, actor, [`requested by ${actor}`, ...(verdict.retrain ? verdict.reasons : [])], `now-${this.clock.now().toISOString()}`);
    await this.audit.append({ actor, action: 'model.retrain_requested', entityType: 'model_registry', entityId: name, payload: { jobId, verdict: verdict.reasons } });
    return { ...verdict, jobId };
  }

  /**
   * Job 'retrain-model': the challenger trained on a thread on every active SKU's history up to the
   * newest complete week, backtested walk-forward (3 origins × 4 weeks) against the champion and
   * seasonal naive on the same windows (forecast/backtest/champion-challenger.ts), registered with
   * its backtest metrics, promoted only when its MASE beats the champion's on those windows (ties
   * keep the champion; no loadable champion → promoted). A promoted challenger that also beats
   * seasonal naive ends a fallback. Notifies: "retraining complete, N models updated" or why it
   * was refused; audited.
   */
  async retrainModel(name: string, requestedBy: string, reasons: readonly string[]): Promise<{ promoted: boolean; reason: string; modelId: string | null; version: number | null }> {
    const lastWeek = this.lastCompleteWeek();
    const championRow = await this.repo.productionModel(name);
    const championId = await this.productionArtifactId(name);
    const trained = await this.forecasts.retrainGlobalModel(lastWeek, championId, 'system');
    let outcome: { promoted: boolean; reason: string; modelId: string | null; version: number | null };
    if (!trained) {
      outcome = { promoted: false, reason: 'skipped: no SKU has 12 weeks of history to train on', modelId: null, version: null };
    } else {
      const m = trained.backtest.mase;
      const metrics: Record<string, number> = { windows: trained.backtest.windows, origins: trained.backtest.origins, series: trained.backtest.series, trainingMs: trained.trainingMs };
      if (m.challenger !== null && m.challenger !== undefined) metrics[CHAMPION_METRIC] = m.challenger;
      if (m.champion !== null && m.champion !== undefined) metrics[`champion.${CHAMPION_METRIC}`] = m.champion;
      if (m[SEASONAL_NAIVE] !== null && m[SEASONAL_NAIVE] !== undefined) metrics[`${SEASONAL_NAIVE}.${CHAMPION_METRIC}`] = m[SEASONAL_NAIVE]!;
      const row = await this.registerModel({ name, artifactRef: `${ARTIFACT_REF_PREFIX}${trained.id}`, trainingFrom: addWeeks(lastWeek, -(HISTORY_WEEKS - 1)), trainingTo: lastWeek, backtestMetrics: metrics }, 'system');
      const challengerError = m.challenger ?? Number.NaN;
      const championError = championId ? (m.champion ?? null) : null;
      const fmt = (v: number | null | undefined) => (v === null || v === undefined || !Number.isFinite(v) ? 'n/a' : v.toFixed(4));
      if (shouldPromote(challengerError, championError)) {
        await this.promoteModel(row.id, 'system');
        const naive = m[SEASONAL_NAIVE];
        if (naive !== null && naive !== undefined && challengerError < naive) await this.evaluateFallback({ retrainedModelPassed: true }, 'system');
        outcome = { promoted: true, reason: `${name} v${row.version}: backtest MASE ${fmt(challengerError)} beats the champion's ${championId ? fmt(championError) : '(none loadable)'} on the same ${trained.backtest.windows} windows`, modelId: row.id, version: row.version };
      } else {
        outcome = { promoted: false, reason: `${name} v${row.version} refused: backtest MASE ${fmt(challengerError)} does not beat the champion v${championRow?.version}'s ${fmt(championError)} on the same ${trained.backtest.windows} windows`, modelId: row.id, version: row.version };
        await this.audit.append({ actor: 'system', action: 'model.refused', entityType: 'model_registry', entityId: row.id, payload: { name, version: row.version, reason: outcome.reason } });
      }
    }
    await this.audit.append({ actor: 'system', action: 'model.retrained', entityType: 'model_registry', entityId: name, payload: { requestedBy, reasons, ...outcome } });
    this.logger.log(`retraining ${name}: ${outcome.reason}`);
    const title = outcome.promoted ? 'retraining complete, 1 model updated' : outcome.modelId ? 'retraining complete, 0 models updated' : 'retraining skipped';
    const delivery = await this.notifications.deliver(formatAlert(title, [outcome.reason, `Requested by ${requestedBy}: ${reasons.join('; ')}.`]));
    if (delivery.failed.length > 0) this.logger.warn(`retraining notification failed on ${delivery.failed.map((f) => f.channel).join(', ')}`);
    return outcome;
  }

  /** The artifact id of the production version of `name`, when its artifact exists (else null: run without it). */
  async productionArtifactId(name: string): Promise<string | null> {
    const production = await this.repo.productionModel(name);
    const id = production ? artifactIdOf(production.artifactRef) : null;
    return id && (await this.forecasts.modelTrainedAt(id)) ? id : null;
  }

  /**
   * For ops (PRODUCTION_MODEL_SOURCE, the modelAge health indicator): when the registry's production
   * global model was trained — not the newest artifact, which may be a refused challenger.
   */
  async productionModelTrainedAt(): Promise<Date | null> {
    const production = await this.repo.productionModel(GLOBAL_MODEL);
    const id = production ? artifactIdOf(production.artifactRef) : null;
    return id ? this.forecasts.modelTrainedAt(id) : null;
  }

  /**
   * The global model a night's run forecasts with: the registry's production version. Nights never
   * train, with one exception — the bootstrap: when the registry has no version of the model at all
   * (a new catalog), the first preparation trains one (on a thread), registers and promotes it, so
   * the catalog's first night already has the full ensemble (the selection rules and calibration
   * were fitted with the global member) instead of waiting for Sunday's retraining; it happens once
   * in a catalog's life. A production version whose artifact is missing runs the night without the
   * global member (logged). Null: no global member tonight.
   */
  async modelForNight(lastWeekStart: string): Promise<string | null> {
    const id = await this.productionArtifactId(GLOBAL_MODEL);
    if (id) return id;
    if ((await this.repo.models(GLOBAL_MODEL)).length > 0) {
      this.logger.error(`no loadable production ${GLOBAL_MODEL} model in the registry; the night runs without the global member`);
      return null;
    }
    const trained = await this.forecasts.trainGlobalModel(lastWeekStart, 'system');
    if (!trained) return null;
    const row = await this.registerModel({ name: GLOBAL_MODEL, artifactRef: `${ARTIFACT_REF_PREFIX}${trained.id}`, trainingFrom: addWeeks(lastWeekStart, -(HISTORY_WEEKS - 1)), trainingTo: lastWeekStart, backtestMetrics: { series: trained.series, trainingMs: trained.trainingMs } }, 'system');
    await this.promoteModel(row.id, 'system (bootstrap)');
    this.logger.log(`bootstrap: ${GLOBAL_MODEL} v${row.version} trained on ${trained.series} series and put into production`);
    return trained.id;
  }

  // ----- cold start and the daily report

  /**
   * Forecasts for SKUs with fewer than 12 weeks of history from their supplier's SKUs that have
   * 12 or more (cold-start.ts). SKUs without a supplier or peers and without own usage are absent.
   */
  async coldStartForecasts(itemIds: readonly string[], lastWeekStart: string, horizon = this.config.FORECAST_HORIZON_WEEKS): Promise<Map<string, ColdStartForecast>> {
    const out = new Map<string, ColdStartForecast>();
    if (itemIds.length === 0) return out;
    const cold = await this.inventory.itemsForPolicy(itemIds);
    const suppliers = [...new Set([...cold.values()].map((i) => i.supplierId).filter((s): s is string => s !== null))];
    const [peersBySupplier, usage, launchProfile] = await Promise.all([
      this.peerSeries(suppliers, lastWeekStart),
      this.inventory.weeklyUsage([...cold.keys()], lastWeekStart, HISTORY_WEEKS),
      this.launchProfile(lastWeekStart),
    ]);
    for (const [id, item] of cold) {
      const peers = item.supplierId ? (peersBySupplier.get(item.supplierId) ?? []).filter((p) => p.itemId !== id).map((p) => p.series) : [];
      const forecast = coldStartForecast(denseWeeklyHistory(usage.get(id) ?? [], lastWeekStart, HISTORY_WEEKS), peers, horizon, { ...COLD_START_DEFAULTS, launchProfile });
      if (forecast) out.set(id, forecast);
    }
    return out;
  }

  /**
   * Cold-start forecasts with their stored distribution (cold-start-interval.ts): what the nightly
   * cycle stores for SKUs the engine calls insufficient history. SKUs with neither similar items
   * nor history of their own are absent (they stay "insufficient history").
   */
  async coldStartDistributions(itemIds: readonly string[], lastWeekStart: string): Promise<Map<string, ColdStartDistribution & { peers: number; scale: number }>> {
    const forecasts = await this.coldStartForecasts(itemIds, lastWeekStart);
    return new Map([...forecasts].map(([id, f]) => [id, { ...coldStartDistribution(f.mean, f.sd), peers: f.peers, scale: f.scale }]));
  }

  /**
   * How the catalog's launches ramped up (launch-profile.ts), from the items launched inside the
   * history window with 8 or more weeks since; null (no ramp assumed) until there are 20 of them.
   * Kept for ten minutes per history end, like the peers.
   */
  private async launchProfile(lastWeekStart: string): Promise<number[] | null> {
    const now = Date.now();
    const cached = this.launchCache;
    if (cached && cached.key === lastWeekStart && cached.until > now) return cached.profile;
    const { weeks, settleWeeks } = LAUNCH_PROFILE_DEFAULTS;
    const ids = await this.inventory.launchedItemIds(lastWeekStart, HISTORY_WEEKS, weeks + settleWeeks);
    const usage = ids.length > 0 ? await this.inventory.weeklyUsage(ids, lastWeekStart, HISTORY_WEEKS) : new Map<string, { weekStart: string; quantity: number }[]>();
    const profile = learnLaunchProfile(ids.map((id) => denseWeeklyHistory(usage.get(id) ?? [], lastWeekStart, HISTORY_WEEKS)));
    this.launchCache = { key: lastWeekStart, profile, until: now + PEER_CACHE_MS };
    return profile;
  }

  /**
   * Each supplier's active SKUs with 12 or more weeks of history (their dense weekly series), read
   * once per supplier and history end and kept for ten minutes: a night's batches ask for the same
   * suppliers again and again, and only SKUs with short histories ask at all.
   */
  private async peerSeries(supplierIds: readonly string[], lastWeekStart: string): Promise<Map<string, { itemId: string; series: number[] }[]>> {
    const now = Date.now();
    for (const [key, entry] of this.peerCache) if (entry.until < now) this.peerCache.delete(key);
    const missing = supplierIds.filter((s) => !this.peerCache.has(`${lastWeekStart}|${s}`));
    if (missing.length > 0) {
      const active = await this.inventory.itemsForPolicy(await this.inventory.activeItemIds());
      const wanted = new Set(missing);
      const peerIds = [...active.values()].filter((i) => i.supplierId !== null && wanted.has(i.supplierId)).map((i) => i.id);
      const usage = await this.inventory.weeklyUsage(peerIds, lastWeekStart, HISTORY_WEEKS);
      const bySupplier = new Map<string, { itemId: string; series: number[] }[]>(missing.map((s) => [s, []]));
      for (const id of peerIds) {
        const series = denseWeeklyHistory(usage.get(id) ?? [], lastWeekStart, HISTORY_WEEKS);
        if (series.length >= MINIMUM_HISTORY) bySupplier.get(active.get(id)!.supplierId!)!.push({ itemId: id, series });
      }
      for (const [supplier, peers] of bySupplier) this.peerCache.set(`${lastWeekStart}|${supplier}`, { peers, until: now + PEER_CACHE_MS });
    }
    return new Map(supplierIds.map((s) => [s, this.peerCache.get(`${lastWeekStart}|${s}`)?.peers ?? []]));
  }

  /** The learning figures of the daily report, as text lines, and the alerts among them. */
  async reportSummary(): Promise<{ lines: string[]; alerts: string[] }> {
    const [[overall], byClass, business, readiness, fallback, drift] = await Promise.all([
      this.accuracyKpis(4, 'OVERALL'),
      this.accuracyKpis(4, 'ABC_CLASS'),
      this.businessKpis(4),
      this.rolloutReadiness(),
      this.fallbackActive(),
      this.repo.driftEvents(this.lastCompleteWeek()),
    ]);
    const verdict = judgeKpis({
      overallMapePct: overall?.mapePct ?? null,
      aClassMapePct: byClass.find((k) => k.key === 'A')?.mapePct ?? null,
      improvementOverSeasonalNaivePct: overall?.improvementOverSeasonalNaivePct ?? null,
      feedbackCompletenessPct: business.feedbackCompletenessPct,
      forecastSuccessPct: business.forecastCompletionPct,
    });
    const alerts = [...verdict.alerts, ...(fallback ? ['every SKU is forecast by seasonal naive (overall MAPE above 50 %) until a retrained model passes'] : [])];
    const lines = [
      ...formatKpiLines({ ...verdict, alerts }),
      `rollout: phase ${readiness.phase}, ${readiness.verdict === 'hold' ? 'hold' : `${readiness.verdict.replace('_', ' ')} to ${readiness.suggestedPhase}`}`,
      `drift events this week: ${drift.length}`,
    ];
    return { lines, alerts };
  }

  // ----- rollout phase and fallback

  async rolloutPhase(): Promise<RolloutPhase> {
    return ((await this.repo.rolloutState())?.phase as RolloutPhase | undefined) ?? this.config.ROLLOUT_PHASE;
  }

  async fallbackActive(): Promise<boolean> {
    return (await this.repo.rolloutState())?.fallbackActive ?? false;
  }

  async setRolloutPhase(phase: string, actor: string): Promise<RolloutPhase> {
    if (!(PHASES as readonly string[]).includes(phase)) throw BadInputError.field('phase', `must be one of ${PHASES.join(', ')}`);
    return this.db.transaction(async (tx) => {
      const state = await this.repo.lockRolloutState(this.config.ROLLOUT_PHASE, this.clock.now(), tx);
      await this.repo.saveRolloutState({ ...state, phase, updatedBy: actor, updatedAt: this.clock.now() }, tx);
      await this.audit.append({ actor, action: 'rollout.phase_set', entityType: 'rollout_state', entityId: '1', payload: { from: state.phase, to: phase } }, tx);
      return phase as RolloutPhase;
    });
  }

  async rolloutReadiness(): Promise<RolloutReadiness> {
    const [phase, business, [overall]] = await Promise.all([this.rolloutPhase(), this.businessKpis(4), this.accuracyKpis(4, 'OVERALL')]);
    return rolloutReadiness(phase, {
      forecastCompletionPct: business.forecastCompletionPct,
      mapePct: overall?.mapePct ?? null,
      reviewedPct: business.feedbackCompletenessPct,
      approvalRatePct: business.approvalRatePct,
      automatedPct: business.automatedPoSharePct,
    });
  }

  /**
   * The fallback rule: last week's overall MAPE > 50 % switches every SKU to seasonal naive; a
   * retrained model that passes its backtest switches back. Audited when the state changes.
   */
  async evaluateFallback(input: { retrainedModelPassed?: boolean } = {}, actor = 'system'): Promise<{ active: boolean; change: string; overallMapePct: number | null }> {
    const week = this.lastCompleteWeek();
    const rows = await this.repo.accuracyRows({ fromWeek: addWeeks(week, -1), toWeek: week, models: [ENSEMBLE], steps: [1] });
    const overallMapePct = summarizeAccuracy(rows).mapePct;
    const result = await this.db.transaction(async (tx) => {
      const state = await this.repo.lockRolloutState(this.config.ROLLOUT_PHASE, this.clock.now(), tx);
      const d = fallbackDecision({ active: state.fallbackActive, overallMapePct, retrainedModelPassed: input.retrainedModelPassed ?? false });
      if (d.change === 'enter' || d.change === 'recover') {
        await this.repo.saveRolloutState({ ...state, fallbackActive: d.active, fallbackSince: d.active ? this.clock.now() : null, updatedBy: actor, updatedAt: this.clock.now() }, tx);
        await this.audit.append({ actor, action: d.active ? 'fallback.entered' : 'fallback.recovered', entityType: 'rollout_state', entityId: '1', payload: { overallMapePct, week } }, tx);
      }
      return { active: d.active, change: d.change, overallMapePct };
    });
    // An incident while every SKU is on the baseline (alerted when opened), resolved on recovery.
    if (result.change === 'enter') {
      await this.incidents.open('forecast_fallback', `forecasts fell back to seasonal naive: overall MAPE ${overallMapePct?.toFixed(1)} % in the week of ${week} is above 50 %`, { overallMapePct, week }, { dedupeKey: FALLBACK_INCIDENT_KEY, actor });
    } else if (result.change === 'recover') {
      await this.incidents.resolveByKey(FALLBACK_INCIDENT_KEY, input.retrainedModelPassed ? 'a retrained model passed the backtest: the ensemble forecasts again' : 'the ensemble forecasts again');
    }
    return result;
  }

  /**
   * A retraining job that failed on its last attempt: an incident (alerted), one per model and
   * day. The production model stays as it was.
   */
  async retrainFailed(name: string, reason: string): Promise<void> {
    const day = this.clock.now().toISOString().slice(0, 10);
    await this.incidents.open('retraining_failed', `retraining ${name} failed: ${reason}`, { name, reason }, { dedupeKey: `retraining-failed:${name}:${day}` });
  }
}

/** The accuracy KPIs of one group of rows: the ensemble's figures, MASE and its gain over the baseline. */
function accuracyKpisOf(key: string, rows: readonly AccuracyRow[], model = ENSEMBLE): AccuracyKpis {
  const own = rows.filter((r) => r.model === model);
  const points: AccuracyPoint[] = own;
  const summary = summarizeAccuracy(points);
  const scaled = own.filter((r) => !r.censored && r.maseScale !== null);
  const maseValue = scaled.length === 0 ? null : scaled.reduce((s, r) => s + (mase([r], r.maseScale as number) ?? 0), 0) / scaled.length;
  const baseline = new Map(rows.filter((r) => r.model === SEASONAL_NAIVE).map((r) => [`${r.itemId}|${r.weekStart}|${r.horizonStep}`, r]));
  const pairs = own.flatMap((r) => {
    const b = baseline.get(`${r.itemId}|${r.weekStart}|${r.horizonStep}`);
    return b && model !== SEASONAL_NAIVE ? [{ model: r, baseline: b }] : [];
  });
  return { key, ...summary, mase: maseValue, improvementOverSeasonalNaivePct: improvementOverBaselinePct(pairs) };
}
