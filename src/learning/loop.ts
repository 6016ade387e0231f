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
 */
import { weeksBetween } from '../common/iso-week';
import { CalibrationSample, DEFAULT_CALIBRATION } from '../forecast/calibration';
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
