/**
 * Intermittency statistics of a demand history (Syntetos & Boylan 2005): share of zero periods,
 * ADI (average inter-demand interval, periods per non-zero demand), CV² of the non-zero sizes, and
 * the number of periods since the last non-zero demand. They let one global model treat smooth and
 * lumpy SKUs differently.
 */

export interface IntermittencyStats {
  zeroShare: number;
  /** Periods per non-zero demand; NaN when there was none. */
  adi: number;
  /** Squared coefficient of variation of non-zero sizes; NaN with fewer than 2 of them. */
  cv2: number;
  /** Periods since the last non-zero demand (0 = the last period had demand); window + 1 if none. */
  periodsSinceDemand: number;
}

/** Statistics over y[end − window, end) (fewer when the history is shorter). */
export function intermittencyStats(y: ArrayLike<number>, end: number, window: number): IntermittencyStats {
  const begin = Math.max(0, end - window);
  const length = end - begin;
  let nonZero = 0;
  let sum = 0;
  let sumSq = 0;
  let since = length + 1;
  for (let t = end - 1; t >= begin; t--) {
    const v = y[t];
    if (v !== 0) {
      if (nonZero === 0) since = end - 1 - t;
      nonZero++;
      sum += v;
      sumSq += v * v;
    }
  }
  let cv2 = NaN;
  if (nonZero >= 2) {
    const mean = sum / nonZero;
    const variance = Math.max(0, sumSq / nonZero - mean * mean);
    cv2 = mean !== 0 ? variance / (mean * mean) : NaN;
  }
  return {
    zeroShare: length > 0 ? (length - nonZero) / length : NaN,
    adi: nonZero > 0 ? length / nonZero : NaN,
    cv2,
    periodsSinceDemand: since,
  };
}
