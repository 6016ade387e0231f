/**
 * Training rows of the global tree model: one row per (series, forecast origin, step), the
 * origin's scaled demand features (src/forecast/features) and, as label, the demand `step`
 * periods later divided by the series' recent scale (optionally log1p of it). Pure.
 */
import { sampleWithoutReplacement, Uniform } from '../../common/prng';
import { MINIMUM_HISTORY } from '../../common/history-window';
import { FeatureMatrix } from '../gbdt/feature-matrix';
import { DemandFeatureLayout } from '../features/feature-layout';
import { demandScale, writeDemandFeatures } from '../features/demand-features';

/**
 * What the boosters learn: 'ratio' = y / scale; 'log1p' = ln(1 + y / scale), which makes errors
 * relative (multiplicative series, sMAPE/MASE) at the price of a forecast nearer the median than
 * the mean. 'log1p' needs non-negative data (else 'ratio' is used).
 */
export type GlobalTreeTarget = 'ratio' | 'log1p';

export const DEFAULT_GLOBAL_TREE_TARGET: GlobalTreeTarget = 'log1p';

export function toTarget(target: GlobalTreeTarget, ratio: number): number {
  return target === 'log1p' ? Math.log1p(Math.max(0, ratio)) : ratio;
}

export function fromTarget(target: GlobalTreeTarget, value: number): number {
  return target === 'log1p' ? Math.expm1(value) : value;
}

/** The system's minimum history; also the first origin a training row may start from. */
export const GLOBAL_TREE_MIN_HISTORY = MINIMUM_HISTORY;

/** Scaled targets beyond ±this are clipped in training, so one spike cannot dominate an L2 fit. */
export const MAX_SCALED_TARGET = 30;

/** One training series and the seasonal position of its last value (undefined: no calendar). */
export interface SeriesInfo {
  y: readonly number[];
  position: number | undefined;
}

/** Seasonal position of y[end − 1] given the position of the series' last value y[n − 1]. */
export function positionOf(info: SeriesInfo, end: number): number | undefined {
  return info.position === undefined ? undefined : info.position - (info.y.length - end);
}

export interface StepRows {
  matrix: FeatureMatrix;
  label: Float64Array;
}

/** Builds the (features, label) matrix of one step from chosen origins of every series. */
export function buildStepRows(
  layout: DemandFeatureLayout,
  series: readonly SeriesInfo[],
  originsPerSeries: readonly Int32Array[],
  step: number,
  lastTarget: (s: SeriesInfo) => number,
  target: GlobalTreeTarget,
): StepRows {
  let numRows = 0;
  for (let s = 0; s < series.length; s++) {
    const limit = lastTarget(series[s]) - step + 1; // origin ≤ limit keeps target ≤ lastTarget
    for (const origin of originsPerSeries[s]) if (origin <= limit) numRows++;
  }
  const numFeatures = layout.names.length;
  const values = new Float64Array(numRows * numFeatures);
  const label = new Float64Array(numRows);
  let row = 0;
  for (let s = 0; s < series.length; s++) {
    const info = series[s];
    const limit = lastTarget(info) - step + 1;
    for (const origin of originsPerSeries[s]) {
      if (origin > limit) continue;
      const scale = demandScale(info.y, origin, layout.scaleWindow);
      writeDemandFeatures(
        layout,
        { y: info.y, end: origin, step, scale, seasonPositionOfLast: positionOf(info, origin) },
        values,
        row * numFeatures,
      );
      const ratio = info.y[origin + step - 1] / scale;
      label[row] = toTarget(target, Math.max(-MAX_SCALED_TARGET, Math.min(MAX_SCALED_TARGET, ratio)));
      row++;
    }
  }
  return { matrix: { numRows, numFeatures, values }, label };
}

/**
 * Origins in [GLOBAL_TREE_MIN_HISTORY, maxOrigin] for one series, at most `limit` of them,
 * sampled uniformly without replacement, in ascending order.
 */
export function sampleOrigins(maxOrigin: number, limit: number, random: Uniform): Int32Array {
  const first = GLOBAL_TREE_MIN_HISTORY;
  const available = maxOrigin - first + 1;
  if (available <= 0) return new Int32Array(0);
  if (available <= limit) return Int32Array.from({ length: available }, (_, i) => first + i);
  return sampleWithoutReplacement(available, limit, random).map((i) => first + i);
}
