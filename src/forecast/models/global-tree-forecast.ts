/**
 * Forecasting with a trained global tree model: the boosters' scaled predictions back to units,
 * direct and recursive strategies (and their blend), and the forecast sd from the SKU's own
 * spread. Pure; GlobalTreeModel (global-tree.ts) wraps it.
 */
import { Booster } from '../gbdt/booster';
import { demandFeatureLayout, DemandFeatureLayout } from '../features/feature-layout';
import { demandScale, writeDemandFeatures } from '../features/demand-features';
import { intermittencyStats } from '../features/intermittency';
import { assertUsableHistory, cleanSd, clipForecast } from './history';
import { PointForecast } from './model';
import { fromTarget, GLOBAL_TREE_MIN_HISTORY, GlobalTreeTarget } from './global-tree-rows';

/**
 * direct: one booster per step; recursive: one 1-step booster fed its own forecasts; blend: the
 * mean of both forecasts (two different error patterns partly cancel).
 */
export type GlobalTreeStrategy = 'direct' | 'recursive' | 'blend';

/** Measured best overall (docs/bench/gbdt.md): best on M3, within 1.1–1.7 % of the best on weekly and car parts. */
export const DEFAULT_GLOBAL_TREE_STRATEGY: GlobalTreeStrategy = 'blend';

/** Everything a trained global tree model is: what training produces and the JSON document holds. */
export interface GlobalTreeParts {
  readonly season: number;
  readonly horizon: number;
  readonly strategy: GlobalTreeStrategy;
  readonly target: GlobalTreeTarget;
  readonly usesCalendar: boolean;
  /** One booster per step (direct and blend), empty for recursive. */
  readonly directBoosters: readonly Booster[];
  /** The 1-step booster (recursive and blend), null for direct. */
  readonly recursiveBooster: Booster | null;
  /** Per trained step: RMS of validation errors of this model's forecasts, in demandSpread units. */
  readonly residualSdPerSpread: readonly number[];
  /** Per trained step, for intermittent histories; null when too few were held out to tell. */
  readonly intermittentResidualSdPerSpread: readonly number[] | null;
  /** Per trained step: bias-correction factor of the mean (null: no correction). */
  readonly meanFactor: readonly number[] | null;
  readonly intermittentMeanFactor: readonly number[] | null;
}

/**
 * Intermittent in the Syntetos–Boylan sense: average inter-demand interval ADI ≥ 1.32, i.e. at most
 * 1/1.32 of the recent periods have demand (zero share ≥ 0.2424). Their errors are skewed and
 * larger relative to their spread, so they get their own error scale.
 */
export function isIntermittentHistory(y: ArrayLike<number>, end: number, layout: DemandFeatureLayout): boolean {
  const stats = intermittencyStats(y, end, layout.intermittencyWindow);
  return stats.zeroShare >= 1 - 1 / 1.32;
}

/**
 * The SKU's own spread unit for forecast uncertainty: the standard deviation of its last season
 * of demand, floored at 10 % of its scale. Validation errors are measured in this unit and the
 * forecast sd of step k is (RMS of those errors at step k) × the SKU's unit, so a steady SKU gets
 * narrow intervals and an erratic one wide intervals — not one pooled width for all.
 */
export function demandSpread(y: ArrayLike<number>, end: number, window: number): number {
  const scale = demandScale(y, end, window);
  const begin = Math.max(0, end - window);
  const n = end - begin;
  let sum = 0;
  let sumSq = 0;
  for (let t = begin; t < end; t++) {
    sum += y[t];
    sumSq += y[t] * y[t];
  }
  const mean = n > 0 ? sum / n : 0;
  const sd = n > 1 ? Math.sqrt(Math.max(0, (sumSq - n * mean * mean) / (n - 1))) : 0;
  return Math.max(sd, 0.1 * scale);
}

/** The feature layout of a season and one reusable feature row, so forecasts allocate nothing. */
export interface ForecastScratch {
  readonly layout: DemandFeatureLayout;
  readonly row: Float64Array;
}

export function forecastScratch(season: number): ForecastScratch {
  const layout = demandFeatureLayout(season);
  return { layout, row: new Float64Array(layout.names.length) };
}

/**
 * Forecast h steps after `history`. `seasonPositionOfLast` is the cycle position (0-based) of
 * the last observation; it is used only when the model was trained with a calendar.
 */
export function forecastGlobalTree(
  model: GlobalTreeParts,
  scratch: ForecastScratch,
  history: readonly number[],
  h: number,
  seasonPositionOfLast?: number,
): PointForecast {
  assertUsableHistory(history, GLOBAL_TREE_MIN_HISTORY, 'global-tree');
  const steps = Math.max(0, Math.floor(h));
  const position = model.usesCalendar ? seasonPositionOfLast : undefined;
  const { layout, row } = scratch;
  const scale = demandScale(history, history.length, layout.scaleWindow);
  const direct: number[] = [];
  const recursive: number[] = [];
  if (model.directBoosters.length > 0) {
    for (let k = 1; k <= steps; k++) {
      const booster = model.directBoosters[Math.min(k, model.directBoosters.length) - 1];
      writeDemandFeatures(layout, { y: history, end: history.length, step: k, scale, seasonPositionOfLast: position }, row, 0);
      direct.push(fromTarget(model.target, booster.predict(row)) * scale);
    }
  }
  if (model.recursiveBooster) {
    const extended = history.slice();
    for (let k = 1; k <= steps; k++) {
      const end = extended.length;
      const stepScale = demandScale(extended, end, layout.scaleWindow);
      const stepPosition = position === undefined ? undefined : position + k - 1;
      writeDemandFeatures(layout, { y: extended, end, step: 1, scale: stepScale, seasonPositionOfLast: stepPosition }, row, 0);
      const value = fromTarget(model.target, model.recursiveBooster.predict(row)) * stepScale;
      recursive.push(value);
      extended.push(Number.isFinite(value) ? value : extended[end - 1]);
    }
  }
  const intermittentHistory =
    (model.intermittentResidualSdPerSpread !== null || model.intermittentMeanFactor !== null) &&
    isIntermittentHistory(history, history.length, layout);
  const factors = intermittentHistory && model.intermittentMeanFactor ? model.intermittentMeanFactor : model.meanFactor;
  const mean: number[] = [];
  for (let k = 0; k < steps; k++) {
    const value = direct.length > 0 && recursive.length > 0 ? (direct[k] + recursive[k]) / 2 : direct.length > 0 ? direct[k] : recursive[k];
    mean.push(factors ? value * factors[Math.min(k, factors.length - 1)] : value);
  }
  const sd: number[] = [];
  const spread = demandSpread(history, history.length, layout.scaleWindow);
  const perStep =
    model.intermittentResidualSdPerSpread && intermittentHistory ? model.intermittentResidualSdPerSpread : model.residualSdPerSpread;
  const trained = perStep.length;
  for (let k = 1; k <= steps; k++) {
    const base = trained > 0 ? perStep[Math.min(k, trained) - 1] : 0;
    // Beyond the trained horizon the spread keeps growing like a random walk's.
    const growth = k > trained ? Math.sqrt(k / trained) : 1;
    sd.push(base * growth * spread);
  }
  return { mean: clipForecast(mean, history, scale), sd: cleanSd(sd) };
}
