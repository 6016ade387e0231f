/**
 * The glue math of the learning loop's two improvements over a frozen model (issue 11), between
 * the stored rows and level-shift.ts / interval-learning.ts. Pure: numbers and ISO weeks in.
 *
 * - `changeWeekOf`: the week the level changed, from the one-step errors (actual − forecast) of
 *   the recent weeks (estimateChangePoint on the errors).
 * - `levelAdjustmentFor`: from the actuals since the change and the counterfactual forecast made
 *   just before it (mean, sd per week): the ratio (settledLevelRatio: the level a ramped change
 *   settled at, Σ actual / Σ forecast for a step), z and whether to adjust (shouldAdjust).
 * - `adjustedHistoryAt`: the nightly history with the weeks before the change week scaled, the
 *   change week located by date (the history ends at `lastWeekStart`).
 * - `calibrationSamplesByPattern`: realized forecasts grouped by demand pattern for
 *   learnedCalibration (patterns the calibration table does not know, e.g. cold start, left out).
 * - `horizonSamplesByPattern`: the same for the horizon totals — the realized weeks of one
 *   forecast (run and SKU) put back together, kept only when every week of its horizon is there.
 */
import { weeksBetween } from '../common/iso-week';
import { CalibrationSample, DEFAULT_CALIBRATION, HorizonSample } from '../forecast/calibration';
import { DemandPattern } from '../forecast/models/demand-pattern';
import { estimateChangePoint, levelAdjustedHistory, settledLevelRatio, shiftZ, shouldAdjust } from './level-shift';

/** The change week of the level, from one-step errors in week order; null when too few weeks. */
export function changeWeekOf(errors: readonly { weekStart: string; error: number }[]): string | null {
  const c = estimateChangePoint(errors.map((e) => e.error));
  return c ? errors[c.index].weekStart : null;
}

export interface LevelAdjustmentVerdict {
  ratio: number;
  z: number;
  weeks: number;
  adjust: boolean;
}

/** Ratio (the settled level / the forecast), z and the shouldAdjust verdict over the aligned weeks since the change. */
export function levelAdjustmentFor(actual: readonly number[], mean: readonly number[], sd: readonly number[]): LevelAdjustmentVerdict {
  const weeks = Math.min(actual.length, mean.length, sd.length);
  if (weeks === 0) return { ratio: 1, z: 0, weeks, adjust: false };
  const ratio = settledLevelRatio(actual, mean, sd).ratio;
  const z = shiftZ(actual, mean, sd);
  return { ratio, z, weeks, adjust: shouldAdjust(ratio, undefined, z) };
}

/**
 * `history` ends at `lastWeekStart`; the values of the weeks before `changeWeek` are multiplied by
 * `ratio`. A change week at or before the history's first week leaves the history as it is.
 */
export function adjustedHistoryAt(history: readonly number[], lastWeekStart: string, changeWeek: string, ratio: number): number[] {
  const change = history.length - 1 - weeksBetween(changeWeek, lastWeekStart);
  if (change <= 0) return [...history];
  return levelAdjustedHistory(history, Math.min(change, history.length), ratio);
}

/** Realized forecasts (actual, mean, sd) by demand pattern; unknown patterns and non-finite numbers left out. */
export function calibrationSamplesByPattern(rows: readonly { pattern: string; actual: number; mean: number; sd: number }[]): Partial<Record<DemandPattern, CalibrationSample[]>> {
  const out: Partial<Record<DemandPattern, CalibrationSample[]>> = {};
  for (const r of rows) {
    if (!(r.pattern in DEFAULT_CALIBRATION) || ![r.actual, r.mean, r.sd].every(Number.isFinite)) continue;
    (out[r.pattern as DemandPattern] ??= []).push({ actual: r.actual, mean: r.mean, sd: r.sd });
  }
  return out;
}

/** One realized week of a stored forecast, with the forecast's σ for every week of its horizon. */
export interface RealizedStep {
  runId: string;
  itemId: string;
  pattern: string;
  /** 1 = the forecast's first week. */
  horizonStep: number;
  actual: number;
  mean: number;
  /** The forecast's per-week σ (its length is the horizon). */
  sd: readonly number[];
}

/**
 * Realized horizons by demand pattern: the rows of one run and SKU make one sample when every step
 * 1 … horizon is there (a week not yet realized, left out as a stock-out week or outside the window
 * leaves the total unknown, so the forecast is skipped). Unknown patterns and non-finite numbers
 * are left out, as in calibrationSamplesByPattern.
 */
export function horizonSamplesByPattern(rows: readonly RealizedStep[]): Partial<Record<DemandPattern, HorizonSample[]>> {
  const forecasts = new Map<string, { pattern: string; sd: readonly number[]; steps: Map<number, { actual: number; mean: number }> }>();
  for (const r of rows) {
    const key = `${r.runId}|${r.itemId}`;
    if (!forecasts.has(key)) forecasts.set(key, { pattern: r.pattern, sd: r.sd, steps: new Map() });
    forecasts.get(key)!.steps.set(r.horizonStep, { actual: r.actual, mean: r.mean });
  }
  const out: Partial<Record<DemandPattern, HorizonSample[]>> = {};
  for (const f of forecasts.values()) {
    if (!(f.pattern in DEFAULT_CALIBRATION) || f.sd.length === 0) continue;
    const weeks = f.sd.map((_, i) => f.steps.get(i + 1));
    if (weeks.some((w) => w === undefined)) continue;
    const actual = weeks.map((w) => w!.actual);
    const mean = weeks.map((w) => w!.mean);
    if (![...actual, ...mean, ...f.sd].every(Number.isFinite)) continue;
    (out[f.pattern as DemandPattern] ??= []).push({ actual, mean, sd: [...f.sd] });
  }
  return out;
}
