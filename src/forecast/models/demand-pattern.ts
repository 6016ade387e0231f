/**
 * Syntetos–Boylan demand classification (Syntetos, Boylan & Croston 2005, JORS 56(5)):
 * ADI = average inter-demand interval (periods per non-zero demand), CV² = squared coefficient
 * of variation of the non-zero demand sizes. Cut-offs ADI 1.32 and CV² 0.49:
 *
 *               CV² < 0.49     CV² ≥ 0.49
 *   ADI < 1.32  smooth         erratic
 *   ADI ≥ 1.32  intermittent   lumpy
 */

export type DemandPattern = 'smooth' | 'erratic' | 'intermittent' | 'lumpy';

export const ADI_CUTOFF = 1.32;
export const CV2_CUTOFF = 0.49;

export interface DemandPatternSummary {
  pattern: DemandPattern;
  /** Periods per non-zero demand: n / (number of non-zero periods); n when there is none. */
  adi: number;
  /** Squared coefficient of variation of the non-zero sizes (population variance); 0 if < 2. */
  cv2: number;
  /** Share of periods with zero (or negative) demand, 0–1. */
  zeroShare: number;
  nonZeroCount: number;
}

export function classifyDemandPattern(y: readonly number[]): DemandPatternSummary {
  const sizes = y.filter((v) => Number.isFinite(v) && v > 0);
  const n = y.length;
  const nonZeroCount = sizes.length;
  // With no demand at all the interval is at least the whole history.
  const adi = nonZeroCount > 0 ? n / nonZeroCount : Math.max(n, 1);
  let cv2 = 0;
  if (nonZeroCount >= 2) {
    let mean = 0;
    for (const s of sizes) mean += s;
    mean /= nonZeroCount;
    let variance = 0;
    for (const s of sizes) variance += (s - mean) * (s - mean);
    variance /= nonZeroCount;
    cv2 = variance / (mean * mean);
    if (!Number.isFinite(cv2)) cv2 = 0;
  }
  const zeroShare = n > 0 ? (n - nonZeroCount) / n : 1;
  const frequent = adi < ADI_CUTOFF;
  const steady = cv2 < CV2_CUTOFF;
  const pattern: DemandPattern = frequent
    ? steady ? 'smooth' : 'erratic'
    : steady ? 'intermittent' : 'lumpy';
  return { pattern, adi, cv2, zeroShare, nonZeroCount };
}
