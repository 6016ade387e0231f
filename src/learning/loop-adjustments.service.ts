/**
 * The learning loop's two improvements over a frozen model, wired (issue 11; the math is in
 * level-shift.ts, interval-learning.ts and loop.ts, measured in docs/bench/learning.md):
 *
 * - Level adjustments. The weekly pass (job 'learning-loop', enqueued once the 'learning-weekly' pass
 *   and its drift rule are done) takes this week's
 *   drift events on smooth SKUs (LEVEL_SHIFT_PATTERNS): the change week from the one-step ensemble
 *   errors of the last 16 weeks (forecast_accuracy), the counterfactual forecast = the stored
 *   forecast made just before the change (its per-week mean and σ), the actuals since (usage);
 *   ratio, z and shouldAdjust decide; an adjustment is stored active and audited. The nightly
 *   forecast (`nightlyInputs`, called by the cycle) re-fits such a SKU's members on the history
 *   with the weeks before the change scaled by the ratio.
 *   Each week an active adjustment is reviewed, champion/challenger on realized weeks: for every
 *   complete week since the adjustment's first forecast week (the last 8 at most), the one-step
 *   forecast is recomputed twice from the history up to the week before — with and without the
 *   adjustment, the same members, weights and options otherwise (a like-for-like pair; the
 *   served forecast may also differ by the night's validation schedule) — and keepAdjustment
 *   keeps it only while the adjusted errors sum to no more than the unadjusted ones. A drop is
 *   stored with its reason and audited; so is an adjustment whose change week has left the
 *   104-week history (nothing left to scale). A kept adjustment's ratio and z are re-estimated
 *   while the counterfactual forecast (FORECAST_HORIZON_WEEKS long) covers new weeks since the
 *   change, as the replay does; one no longer material is dropped.
 * - Learned intervals. The weekly pass turns the last 8 weeks' realized ensemble forecasts (every
 *   step, stock-out weeks out; σ and the demand pattern from the forecast row) into calibration
 *   samples per pattern, and the forecasts whose every week has arrived into horizon samples (the
 *   4-week totals), runs learnedCalibration on DEFAULT_CALIBRATION and stores the table as the
 *   week's version (learned_calibrations; the sample counts as `<pattern>` and `<pattern>:totals`);
 *   the nightly forecast passes the newest to the engine (a pattern short of 200 samples keeps its
 *   default step levels, short of 200 realized totals its default total levels).
 *
 * Everything here is idempotent per week: a second pass stores nothing new.
 */
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock, CLOCK } from '../clock/clock';
import { HISTORY_WEEKS } from '../common/history-window';
import { addWeeks, isoWeekStart, weeksBetween } from '../common/iso-week';
import { NotFoundError } from '../common/errors';
import { CalibrationTable, DEFAULT_CALIBRATION } from '../forecast/calibration';
import { ForecastService } from '../forecast/forecast.service';
import { DemandPattern } from '../forecast/models/demand-pattern';
import { InventoryService } from '../inventory/inventory.service';
import { job, JOB_QUEUE, JobQueue } from '../jobs/job-queue';
import { learnedCalibration, MIN_REALIZED_CALIBRATION_SAMPLES } from './interval-learning';
import { CHANGE_SEARCH_WINDOW, keepAdjustment, LEVEL_SHIFT_PATTERNS } from './level-shift';
import { LearningRepository } from './learning.repository';
import { calibrationSamplesByPattern, changeWeekOf, horizonSamplesByPattern, levelAdjustmentFor, LevelAdjustmentVerdict, RealizedStep } from './loop';
import { learningLoopJobId } from './loop.jobs';
import { LearnedCalibrationRow, LevelAdjustmentRow, LoopRepository } from './loop.repository';

/** Realized weeks the calibration is refitted on (as the replay does). */
export const LEARNED_CALIBRATION_WEEKS = 8;
/** Realized weeks an adjustment's review compares at most. */
export const ADJUSTMENT_REVIEW_WEEKS = 8;
const ENSEMBLE = 'ensemble';

export interface PatternLevels {
  pattern: DemandPattern;
  family: string;
  samples: number;
  learned: boolean;
  p90: number;
  p95: number;
  p99: number;
  defaultP90: number;
  defaultP95: number;
  defaultP99: number;
  totalSamples: number;
  totalLearned: boolean;
  totalP90: number;
  totalP95: number;
  totalP99: number;
}

@Injectable()
export class LoopAdjustmentsService {
  private readonly logger = new Logger(LoopAdjustmentsService.name);

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repo: LoopRepository,
    private readonly learningRepo: LearningRepository,
    private readonly inventory: InventoryService,
    private readonly forecasts: ForecastService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
  ) {}

  private lastCompleteWeek(): string {
    return addWeeks(isoWeekStart(this.clock.now()), -1);
  }

  /** What the nightly forecast needs from the loop: active level adjustments of these items and the newest learned calibration. */
  async nightlyInputs(itemIds: readonly string[]): Promise<{ levelAdjustments: Map<string, { changeWeek: string; ratio: number }>; calibration?: CalibrationTable }> {
    const [active, calibration] = await Promise.all([itemIds.length > 0 ? this.repo.adjustments({ itemIds, status: 'active' }) : [], this.repo.latestCalibration()]);
    return { levelAdjustments: new Map(active.map((a) => [a.itemId, { changeWeek: a.changeWeek, ratio: a.ratio }])), calibration: calibration?.calibration };
  }

  /** Enqueues the loop's job for a week (after the weekly pass; idempotent by its id). */
  async enqueueWeekly(week: string): Promise<void> {
    await this.queue.addBulk([job('learning-loop', { week }, { jobId: learningLoopJobId(week), attempts: 3, backoffMs: 60_000 })]);
  }

  /** The weekly pass, after the drift rule: review active adjustments, make new ones, refit the calibration. */
  async weeklyPass(actor = 'system'): Promise<{ reviewed: number; dropped: number; made: number; calibrationVersion: number | null }> {
    const review = await this.reviewAdjustments(actor);
    const made = await this.adjustForDrift(actor);
    const calibration = await this.learnCalibration();
    const summary = { ...review, made: made.length, calibrationVersion: calibration.version };
    this.logger.log(`learning loop ${this.lastCompleteWeek()}: ${JSON.stringify(summary)}`);
    return summary;
  }

  // ----- level adjustments

  /** This week's drift events on smooth SKUs without an adjustment → adjustments where the level moved materially. */
  async adjustForDrift(actor = 'system'): Promise<LevelAdjustmentRow[]> {
    const week = this.lastCompleteWeek();
    const events = (await this.learningRepo.driftEvents(week)).filter((e) => e.weekStart === week);
    if (events.length === 0) return [];
    const [active, thisWeek] = await Promise.all([this.repo.adjustments({ itemIds: events.map((e) => e.itemId), status: 'active' }), this.repo.adjustments({ driftWeek: week })]);
    const skip = new Set([...active, ...thisWeek].map((a) => a.itemId));
    const candidates: string[] = [];
    for (const e of events) {
      if (skip.has(e.itemId)) continue;
      const latest = await this.forecasts.latestForItem(e.itemId);
      if (latest && (LEVEL_SHIFT_PATTERNS as readonly string[]).includes(latest.demandPattern)) candidates.push(e.itemId);
    }
    if (candidates.length === 0) return [];
    const rows = await this.learningRepo.accuracyRows({ fromWeek: addWeeks(week, -CHANGE_SEARCH_WINDOW), toWeek: week, models: [ENSEMBLE], steps: [1], itemIds: candidates });
    const made: LevelAdjustmentRow[] = [];
    for (const itemId of candidates) {
      const errors = rows.filter((r) => r.itemId === itemId && !r.censored).map((r) => ({ weekStart: r.weekStart, error: r.actual - r.forecast }));
      const changeWeek = changeWeekOf(errors);
      if (!changeWeek) continue;
      const verdict = await this.measureShift(itemId, changeWeek, week);
      if (!verdict.adjust) {
        this.logger.log(`drift on ${itemId} (week ${week}): level ratio ${verdict.ratio.toFixed(2)}, z ${verdict.z.toFixed(1)} over ${verdict.weeks} weeks since ${changeWeek}: no adjustment`);
        continue;
      }
      const saved = await this.db.transaction(async (tx) => {
        const row = await this.repo.insertAdjustment({ itemId, driftWeek: week, changeWeek, ratio: verdict.ratio, z: verdict.z, weeksMeasured: 0, createdAt: this.clock.now() }, tx);
        if (row) {
          await this.audit.append(
            { actor, action: 'level_adjustment.made', entityType: 'level_adjustment', entityId: row.id, payload: { itemId, driftWeek: week, changeWeek, ratio: verdict.ratio, z: verdict.z, weeks: verdict.weeks } },
            tx,
          );
        }
        return row;
      });
      if (saved) made.push(saved);
    }
    return made;
  }

  /**
   * The counterfactual: the stored forecast made just before the change (origin changeWeek − 1),
   * at each week since that it covered (its horizon) and whose actual arrived; ratio, z, verdict.
   */
  private async measureShift(itemId: string, changeWeek: string, week: string): Promise<LevelAdjustmentVerdict> {
    const n = weeksBetween(changeWeek, week) + 1;
    if (n < 1) return levelAdjustmentFor([], [], []);
    const since = Array.from({ length: n }, (_, i) => addWeeks(changeWeek, i));
    const covering = (await this.forecasts.coveringWeeks([itemId], since)).filter((c) => addWeeks(c.weekStart, -c.horizonStep) === addWeeks(changeWeek, -1));
    const usage = await this.inventory.weeklyUsage([itemId], week, n);
    const actualByWeek = new Map((usage.get(itemId) ?? []).map((u) => [u.weekStart, Number(u.quantity)]));
    const sdOf = (c: (typeof covering)[number]) => Number((c.week as { sd?: number | string }).sd);
    const aligned = covering.filter((c) => actualByWeek.has(c.weekStart) && Number.isFinite(sdOf(c))).sort((a, b) => a.weekStart.localeCompare(b.weekStart));
    return levelAdjustmentFor(
      aligned.map((c) => actualByWeek.get(c.weekStart)!),
      aligned.map((c) => Number(c.week.mean)),
      aligned.map(sdOf),
    );
  }

  /** Champion/challenger on the realized weeks of every active adjustment; drops those that do not pay. */
  async reviewAdjustments(actor = 'system'): Promise<{ reviewed: number; dropped: number }> {
    const week = this.lastCompleteWeek();
    const active = await this.repo.adjustments({ status: 'active' });
    if (active.length === 0) return { reviewed: 0, dropped: 0 };
    const itemIds = active.map((a) => a.itemId);
    const usage = await this.inventory.weeklyUsage(itemIds, week, HISTORY_WEEKS + ADJUSTMENT_REVIEW_WEEKS + 1);
    const weights = new Map([...(await this.learningRepo.currentWeights(itemIds, this.clock.now()))].map(([id, w]) => [id, w.weights]));
    // Realized weeks per adjustment: from its first forecast week (the one after its drift week), the last ADJUSTMENT_REVIEW_WEEKS.
    const weeksOf = (a: LevelAdjustmentRow) => {
      const first = addWeeks(a.driftWeek, 1);
      const n = weeksBetween(first, week) + 1;
      const realized = new Set((usage.get(a.itemId) ?? []).map((u) => u.weekStart));
      return Array.from({ length: Math.max(0, Math.min(n, ADJUSTMENT_REVIEW_WEEKS)) }, (_, i) => addWeeks(week, -i)).filter((w) => realized.has(w)).reverse();
    };
    const trial = new Map(active.map((a) => [a.id, { actual: [] as number[], adjusted: [] as number[], unadjusted: [] as number[] }]));
    const origins = new Set(active.flatMap((a) => weeksOf(a).map((w) => addWeeks(w, -1))));
    for (const origin of [...origins].sort()) {
      const due = active.filter((a) => weeksOf(a).includes(addWeeks(origin, 1)));
      const items = due.map((a) => ({ itemId: a.itemId, usage: (usage.get(a.itemId) ?? []).filter((u) => u.weekStart <= origin).map((u) => ({ weekStart: u.weekStart, quantity: Number(u.quantity) })) }));
      const levelAdjustments = new Map(due.map((a) => [a.itemId, { changeWeek: a.changeWeek, ratio: a.ratio }]));
      const [adjusted, unadjusted] = await Promise.all([
        this.forecasts.forecastItems(items, origin, null, { weights, levelAdjustments }),
        this.forecasts.forecastItems(items, origin, null, { weights }),
      ]);
      for (const a of due) {
        const x = adjusted.get(a.itemId);
        const y = unadjusted.get(a.itemId);
        if (!x || !y || x instanceof Error || y instanceof Error || x.kind !== 'forecast' || y.kind !== 'forecast') continue;
        const actual = Number((usage.get(a.itemId) ?? []).find((u) => u.weekStart === addWeeks(origin, 1))!.quantity);
        const t = trial.get(a.id)!;
        t.actual.push(actual);
        t.adjusted.push(x.result.mean[0]);
        t.unadjusted.push(y.result.mean[0]);
      }
    }
    let dropped = 0;
    for (const a of active) {
      const t = trial.get(a.id)!;
      const sum = (xs: number[]) => xs.reduce((s, v, i) => s + Math.abs(v - t.actual[i]), 0);
      const adjustedError = sum(t.adjusted);
      const unadjustedError = sum(t.unadjusted);
      const expired = weeksBetween(a.changeWeek, week) >= HISTORY_WEEKS;
      if (t.actual.length === 0 && !expired) continue; // no realized week yet: nothing to record
      const keep = keepAdjustment(t.actual, t.adjusted, t.unadjusted);
      const dropReason = expired
        ? `the change week ${a.changeWeek} has left the ${HISTORY_WEEKS}-week history`
        : keep
          ? null
          : `over ${t.actual.length} realized weeks the adjusted forecasts erred ${adjustedError.toFixed(1)} units against ${unadjustedError.toFixed(1)} without the adjustment`;
      const changed = await this.db.transaction(async (tx) => {
        const ok = await this.repo.reviewAdjustment(a.id, { weeksMeasured: t.actual.length, adjustedError, unadjustedError, dropReason, at: this.clock.now() }, tx);
        if (ok && dropReason) {
          await this.audit.append(
            { actor, action: 'level_adjustment.dropped', entityType: 'level_adjustment', entityId: a.id, payload: { itemId: a.itemId, week, weeks: t.actual.length, adjustedError, unadjustedError, reason: dropReason } },
            tx,
          );
        }
        return ok && dropReason !== null;
      });
      if (changed) dropped++;
      else if (!dropReason) await this.reestimate(a, week, actor);
    }
    return { reviewed: active.length, dropped };
  }

  /**
   * A kept adjustment's ratio re-estimated as the new level's weeks arrive (as the replay does),
   * for the nights ahead: while the counterfactual forecast still covers new weeks, the ratio and z
   * are updated; a change no longer material (shouldAdjust false) drops the adjustment (audited).
   */
  private async reestimate(a: LevelAdjustmentRow, week: string, actor: string): Promise<void> {
    const v = await this.measureShift(a.itemId, a.changeWeek, week);
    if (v.weeks === 0 || (Math.abs(v.ratio - a.ratio) < 1e-6 && v.adjust)) return;
    const reason = v.adjust ? null : `re-estimated over ${v.weeks} weeks the level ratio ${v.ratio.toFixed(2)} (z ${v.z.toFixed(1)}) is no longer material`;
    await this.db.transaction(async (tx) => {
      const ok = await this.repo.updateRatio(a.id, { ratio: v.ratio, z: v.z, dropReason: reason, at: this.clock.now() }, tx);
      if (ok && reason) {
        await this.audit.append({ actor, action: 'level_adjustment.dropped', entityType: 'level_adjustment', entityId: a.id, payload: { itemId: a.itemId, week, ratio: v.ratio, z: v.z, reason } }, tx);
      }
    });
  }

  /** Adjustments for the operator, newest first (one SKU's when `sku` is given). */
  async levelAdjustments(sku?: string, status?: 'active' | 'dropped'): Promise<(LevelAdjustmentRow & { sku: string })[]> {
    let itemIds: string[] | undefined;
    if (sku !== undefined) {
      const id = await this.inventory.itemIdBySku(sku);
      if (!id) throw new NotFoundError('item', sku);
      itemIds = [id];
    }
    const rows = await this.repo.adjustments({ itemIds, status });
    const items = await this.inventory.itemsForPolicy([...new Set(rows.map((r) => r.itemId))]);
    return rows.map((r) => ({ ...r, sku: items.get(r.itemId)?.sku ?? r.itemId }));
  }

  // ----- learned intervals

  /** The week's calibration table refitted from the last 8 weeks' realized forecasts; stored once per week. */
  async learnCalibration(): Promise<{ version: number | null; samples: Record<string, number> }> {
    const week = this.lastCompleteWeek();
    const rows = (await this.learningRepo.accuracyRows({ fromWeek: addWeeks(week, -LEARNED_CALIBRATION_WEEKS), toWeek: week, models: [ENSEMBLE] })).filter((r) => !r.censored);
    const pairs = [...new Map(rows.map((r) => [`${r.runId}|${r.itemId}`, { runId: r.runId, itemId: r.itemId }])).values()];
    const spreads = new Map((await this.forecasts.spreads(pairs)).map((s) => [`${s.runId}|${s.itemId}`, s]));
    const steps: RealizedStep[] = rows.flatMap((r) => {
      const s = spreads.get(`${r.runId}|${r.itemId}`);
      return s ? [{ runId: r.runId, itemId: r.itemId, pattern: s.pattern, horizonStep: r.horizonStep, actual: r.actual, mean: r.forecast, sd: s.sd.map(Number) }] : [];
    });
    const realized = calibrationSamplesByPattern(steps.map((r) => ({ pattern: r.pattern, actual: r.actual, mean: r.mean, sd: r.sd[r.horizonStep - 1] })));
    const horizons = horizonSamplesByPattern(steps);
    const table = learnedCalibration(DEFAULT_CALIBRATION, realized, MIN_REALIZED_CALIBRATION_SAMPLES, horizons);
    const samples = Object.fromEntries(
      (Object.keys(DEFAULT_CALIBRATION) as DemandPattern[]).flatMap((p) => [
        [p, realized[p]?.length ?? 0],
        [`${p}:totals`, horizons[p]?.length ?? 0],
      ]),
    );
    const version = await this.db.transaction((tx) => this.repo.insertCalibration({ weekStart: week, calibration: table, samples, createdAt: this.clock.now() }, tx));
    return { version, samples };
  }

  /** The newest learned calibration's step levels per pattern, with sample counts and the defaults they replace. */
  async currentCalibration(): Promise<{ version: number | null; weekStart: string | null; createdAt: Date | null; minSamples: number; patterns: PatternLevels[] }> {
    const row: LearnedCalibrationRow | null = await this.repo.latestCalibration();
    const table = row?.calibration ?? DEFAULT_CALIBRATION;
    const patterns = (Object.keys(DEFAULT_CALIBRATION) as DemandPattern[]).map((pattern) => {
      const c = table[pattern] ?? DEFAULT_CALIBRATION[pattern];
      const d = DEFAULT_CALIBRATION[pattern];
      const samples = Number(row?.samples[pattern] ?? 0);
      const totalSamples = Number(row?.samples[`${pattern}:totals`] ?? 0);
      return {
        pattern,
        family: c.family,
        samples,
        learned: samples >= MIN_REALIZED_CALIBRATION_SAMPLES,
        p90: c.stepLevel.p90,
        p95: c.stepLevel.p95,
        p99: c.stepLevel.p99,
        defaultP90: d.stepLevel.p90,
        defaultP95: d.stepLevel.p95,
        defaultP99: d.stepLevel.p99,
        totalSamples,
        totalLearned: totalSamples >= MIN_REALIZED_CALIBRATION_SAMPLES,
        totalP90: c.totalLevel.p90,
        totalP95: c.totalLevel.p95,
        totalP99: c.totalLevel.p99,
      };
    });
    return { version: row?.version ?? null, weekStart: row?.weekStart ?? null, createdAt: row?.createdAt ?? null, minSamples: MIN_REALIZED_CALIBRATION_SAMPLES, patterns };
  }
}
