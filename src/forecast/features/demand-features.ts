/**
 * Feature rows for one SKU at one forecast origin, for a global tree model.
 *
 * An origin `end` means the model knows y[0, end) and predicts y[end + step − 1]. Demand values are
 * divided by the SKU's scale at the origin (mean absolute demand over the last season), so one
 * model serves SKUs selling 2 or 20,000 a week; the target is scaled the same way and the forecast
 * multiplied back. Missing values (lags before the series began, windows not yet full, unknown
 * calendar) are NaN: the trees give NaN its own bin, so "no data" is something they can split on.
 */
import { DemandFeatureLayout } from './feature-layout';
import { intermittencyStats } from './intermittency';

/**
 * Mean absolute value over y[end − window, end); if that is 0, over all of y[0, end); if that is
 * also 0 (nothing but zeros), 1 — then scaled values are the raw ones.
 */
export function demandScale(y: ArrayLike<number>, end: number, window: number): number {
  let sum = 0;
  const begin = Math.max(0, end - window);
  for (let t = begin; t < end; t++) sum += Math.abs(y[t]);
  if (sum > 0) return sum / (end - begin);
  for (let t = 0; t < begin; t++) sum += Math.abs(y[t]);
  return sum > 0 ? sum / begin : 1;
}

/** Least-squares slope of y over [end − window, end), per period; NaN with fewer than 4 points. */
function slope(y: ArrayLike<number>, end: number, window: number): number {
  const begin = Math.max(0, end - window);
  const n = end - begin;
  if (n < 4) return NaN;
  const meanX = (n - 1) / 2;
  let meanY = 0;
  for (let t = begin; t < end; t++) meanY += y[t];
  meanY /= n;
  let sxy = 0;
  let sxx = 0;
  for (let i = 0; i < n; i++) {
    const dx = i - meanX;
    sxy += dx * (y[begin + i] - meanY);
    sxx += dx * dx;
  }
  return sxy / sxx;
}

export interface FeatureRowInput {
  /** The history known at the origin and possibly more (only y[0, end) is read). */
  y: ArrayLike<number>;
  /** Origin: number of known observations. */
  end: number;
  /** Steps ahead of the origin (1 = the next period). */
  step: number;
  /** The SKU's scale at this origin (see demandScale). */
  scale: number;
  /**
   * Position in the seasonal cycle of the last known observation y[end − 1] (0-based, e.g. ISO
   * week − 1 or month − 1); undefined when the calendar is unknown (Fourier terms become NaN).
   */
  seasonPositionOfLast?: number;
}

/** Writes one feature row (layout.names order) into out[offset, offset + names.length). */
export function writeDemandFeatures(
  layout: DemandFeatureLayout,
  input: FeatureRowInput,
  out: Float64Array,
  offset: number,
): void {
  const { y, end, step, scale } = input;
  const inv = 1 / scale;
  let at = offset;
  for (const lag of layout.lags) out[at++] = end - lag >= 0 ? y[end - lag] * inv : NaN;
  for (const w of layout.windows) {
    if (end < w) {
      out[at++] = NaN;
      out[at++] = NaN;
      continue;
    }
    let sum = 0;
    let sumSq = 0;
    for (let t = end - w; t < end; t++) {
      sum += y[t];
      sumSq += y[t] * y[t];
    }
    const mean = sum / w;
    const variance = w > 1 ? Math.max(0, (sumSq - w * mean * mean) / (w - 1)) : 0;
    out[at++] = mean * inv;
    out[at++] = Math.sqrt(variance) * inv;
  }
  out[at++] = slope(y, end, layout.scaleWindow) * inv;
  const stats = intermittencyStats(y, end, layout.intermittencyWindow);
  out[at++] = stats.zeroShare;
  out[at++] = stats.adi;
  out[at++] = stats.cv2;
  out[at++] = stats.periodsSinceDemand;
  out[at++] = Math.log1p(Math.abs(scale));
  out[at++] = end;
  out[at++] = step;

  const m = layout.season;
  const target = end + step - 1;
  if (layout.seasonal) {
    // Same phase of the cycle as the target, in the most recent known seasons.
    let j = Math.ceil((step) / m);
    const first = target - j * m;
    const second = target - (j + 1) * m;
    out[at++] = first >= 0 ? y[first] * inv : NaN;
    out[at++] = second >= 0 ? y[second] * inv : NaN;
    let sum = 0;
    let count = 0;
    for (let k = 0; k < 3; k++, j++) {
      const t = target - j * m;
      if (t < 0) break;
      sum += y[t];
      count++;
    }
    out[at++] = count > 0 ? (sum / count) * inv : NaN;
  }
  const position = input.seasonPositionOfLast;
  for (const k of layout.fourierOrders) {
    if (position === undefined || !Number.isFinite(position)) {
      out[at++] = NaN;
      out[at++] = NaN;
    } else {
      const phase = (((position + step) % m) + m) % m;
      const angle = (2 * Math.PI * k * phase) / layout.fourierPeriod;
      out[at++] = Math.sin(angle);
      out[at++] = Math.cos(angle);
    }
  }
}
