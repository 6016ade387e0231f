import { welchTTest, WelchResult } from './welch';

/**
 * Drift rule (weekly, per SKU): Welch's t-test of the absolute scaled errors of the last
 * DRIFT_RECENT_WEEKS weeks against those of weeks 5–16 before now (the DRIFT_BASELINE_WEEKS
 * before the recent ones). One-sided: drift only when the recent errors are larger ("worse")
 * and p < DRIFT_P_VALUE. An absolute scaled error is |forecast − actual| / the SKU's MASE scale,
 * so SKUs of any size share one rule. Weeks without a usable error (censored stock-out weeks,
 * no forecast) are null and left out; too few left → no verdict.
 */
export const DRIFT_RECENT_WEEKS = 4;
export const DRIFT_BASELINE_WEEKS = 12;
export const DRIFT_P_VALUE = 0.05;
export const DRIFT_MIN_RECENT = 3;
export const DRIFT_MIN_BASELINE = 6;

export type DriftVerdict =
  | { status: 'insufficient'; recent: number; baseline: number }
  | ({ status: 'drift' | 'stable'; recentMean: number; baselineMean: number } & Pick<WelchResult, 't' | 'df' | 'pGreater' | 'nA' | 'nB'>);

/** `weeklyScaledErrors` is one entry per week, oldest first, the newest week last; `pValue` only for benchmarks. */
export function detectDrift(weeklyScaledErrors: readonly (number | null)[], pValue = DRIFT_P_VALUE): DriftVerdict {
  const n = weeklyScaledErrors.length;
  const usable = (xs: readonly (number | null)[]) => xs.filter((x): x is number => x !== null && Number.isFinite(x));
  const recent = usable(weeklyScaledErrors.slice(Math.max(0, n - DRIFT_RECENT_WEEKS)));
  const baseline = usable(weeklyScaledErrors.slice(Math.max(0, n - DRIFT_RECENT_WEEKS - DRIFT_BASELINE_WEEKS), Math.max(0, n - DRIFT_RECENT_WEEKS)));
  if (recent.length < DRIFT_MIN_RECENT || baseline.length < DRIFT_MIN_BASELINE) return { status: 'insufficient', recent: recent.length, baseline: baseline.length };
  const r = welchTTest(recent, baseline);
  return {
    status: r.meanA > r.meanB && r.pGreater < pValue ? 'drift' : 'stable',
    recentMean: r.meanA,
    baselineMean: r.meanB,
    t: r.t,
    df: r.df,
    pGreater: r.pGreater,
    nA: r.nA,
    nB: r.nB,
  };
}
