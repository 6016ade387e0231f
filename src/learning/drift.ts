import { welchTTest, WelchResult } from './welch';

/**
 * Drift rule (weekly, per SKU): Welch's t-test of the last DRIFT_RECENT_WEEKS weeks' absolute
 * scaled errors against those of weeks 5–16 before now (the DRIFT_BASELINE_WEEKS before the
 * recent ones), one-sided. An absolute scaled error is |forecast − actual| / the SKU's MASE scale,
 * so SKUs of any size share one rule. Weeks without a usable error (censored stock-out weeks, no
 * forecast) are null and left out; too few left → no verdict.
 *
 * The plan's rule (t-test on the errors themselves, p < 0.05) raised an event on 7–8 % of stable
 * SKUs a month (bench/learning/replay.ts, docs/bench/learning.md) although each weekly test alone
 * fired on only 2.4–2.9 % of stable SKU-weeks: a month holds 4 tests on overlapping windows, and
 * their union is what an operator sees. It also missed most upward level shifts: absolute errors
 * are right-skewed, the recent 4 values' variance explodes with the shift, Welch's ν falls to ~3,
 * and errors 4–18 times the baseline gave p 0.07–0.14. So, two changes (both measured there, on
 * demo data with injected shifts and on stable SKUs, seeds 42 and 2024, checked on seed 7):
 *
 * - the test runs on ln(1 + e) instead of e (DRIFT_TRANSFORM): a level shift multiplies errors,
 *   the log makes that an additive change with a far less skewed sample — power up;
 * - an event also needs a material change (DRIFT_MIN_RATIO): the recent mean absolute scaled error
 *   at least 2.5 × the baseline's. A significant but small rise does not warrant a re-fit; and
 *   what keeps the month's union of 4 tests under the plan's 5 %.
 *
 * `detectDrift(errors, 0.01)` still accepts a bare p threshold (benchmarks); the options object
 * sets every part of the rule, `{ transform: 'none', minRatio: 1 }` being the plan's original.
 */
export const DRIFT_RECENT_WEEKS = 4;
export const DRIFT_BASELINE_WEEKS = 12;
export const DRIFT_P_VALUE = 0.05;
export const DRIFT_MIN_RECENT = 3;
export const DRIFT_MIN_BASELINE = 6;
export const DRIFT_TRANSFORM: DriftTransform = 'log1p';
export const DRIFT_MIN_RATIO = 2.5;

export type DriftTransform = 'none' | 'log1p';

export interface DriftRule {
  /** One-sided p threshold of the Welch test. */
  pValue: number;
  /** What the test compares: the errors ('none') or ln(1 + error). */
  transform: DriftTransform;
  /** Recent mean absolute scaled error / baseline mean at least this (1 = any rise). */
  minRatio: number;
}

export const DRIFT_RULE: DriftRule = { pValue: DRIFT_P_VALUE, transform: DRIFT_TRANSFORM, minRatio: DRIFT_MIN_RATIO };

export type DriftVerdict =
  | { status: 'insufficient'; recent: number; baseline: number }
  | ({
    status: 'drift' | 'stable';
    /** Mean absolute scaled error of the recent and the baseline weeks (untransformed). */
    recentMean: number;
    baselineMean: number;
    /** recentMean / baselineMean (Infinity when the baseline mean is 0 and the recent one is not). */
    ratio: number;
    transform: DriftTransform;
  } & Pick<WelchResult, 't' | 'df' | 'pGreater' | 'nA' | 'nB'>);

const TRANSFORMS: Record<DriftTransform, (x: number) => number> = { none: (x) => x, log1p: (x) => Math.log1p(x) };

/** `weeklyScaledErrors` is one entry per week, oldest first, the newest week last. */
export function detectDrift(weeklyScaledErrors: readonly (number | null)[], rule: number | Partial<DriftRule> = DRIFT_RULE): DriftVerdict {
  const { pValue, transform, minRatio } = { ...DRIFT_RULE, ...(typeof rule === 'number' ? { pValue: rule } : rule) };
  const n = weeklyScaledErrors.length;
  const usable = (xs: readonly (number | null)[]) => xs.filter((x): x is number => x !== null && Number.isFinite(x) && x >= 0);
  const recent = usable(weeklyScaledErrors.slice(Math.max(0, n - DRIFT_RECENT_WEEKS)));
  const baseline = usable(weeklyScaledErrors.slice(Math.max(0, n - DRIFT_RECENT_WEEKS - DRIFT_BASELINE_WEEKS), Math.max(0, n - DRIFT_RECENT_WEEKS)));
  if (recent.length < DRIFT_MIN_RECENT || baseline.length < DRIFT_MIN_BASELINE) return { status: 'insufficient', recent: recent.length, baseline: baseline.length };
  const f = TRANSFORMS[transform];
  const r = welchTTest(recent.map(f), baseline.map(f));
  const recentMean = recent.reduce((s, x) => s + x, 0) / recent.length;
  const baselineMean = baseline.reduce((s, x) => s + x, 0) / baseline.length;
  const ratio = baselineMean > 0 ? recentMean / baselineMean : recentMean > 0 ? Infinity : 1;
  const worse = r.meanA > r.meanB && recentMean > baselineMean;
  return {
    status: worse && r.pGreater < pValue && ratio >= minRatio ? 'drift' : 'stable',
    recentMean,
    baselineMean,
    ratio,
    transform,
    t: r.t,
    df: r.df,
    pGreater: r.pGreater,
    nA: r.nA,
    nB: r.nB,
  };
}
