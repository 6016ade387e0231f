/**
 * What a drift event should change: the members are re-fitted on a history that shows the new
 * level. Refitting on the same history changes nothing (the nightly run refits every member every
 * night already), and level-adaptive members (ETS, Theta, SES, TSB) then need many weeks to
 * forget the old level. So, after a drift event:
 *
 * 1. `estimateChangePoint`: the single change in mean that best splits the recent values (least
 *    squares: the split k maximising  n₁·n₂/(n₁ + n₂) · (x̄_after − x̄_before)², searched over the
 *    last `window` values, each side at least `minSegment` values) — run on the one-step errors
 *    actual − forecast, so that seasonality and trend the members already forecast are not taken
 *    for a change of level;
 * 2. `forecastRatio`: the new level relative to what the members forecast for the weeks since the
 *    change from the change point on (the counterfactual "no change" forecast, fitted on the values
 *    before the change — forecasts refitted every week adapt to the new level and would understate
 *    it), r = Σ actual / Σ forecast, clamped to [1/maxRatio, maxRatio]; `shiftZ`: how many
 *    standard deviations Σ actual lies from Σ forecast, (Σa − Σf) / √(Σσ²) — a two-week spike of
 *    erratic demand is a large ratio but not a large z;
 *    `settledLevelRatio`: the same ratio when the level stepped, but the level the demand settled
 *    at when it ramped — a level that doubles over three weeks (133, 167, 200 % of the forecast)
 *    has Σ actual / Σ forecast 1.67 over those weeks, an average over the ramp, not the new level.
 *    It fits a ramp-then-step on the weeks since the change and takes the ramp over the step
 *    only when the ramp fits materially better, in units of the forecast's σ (see the function);
 *    `levelAdjustedHistory`: the values before the change multiplied by r — the history keeps its
 *    seasonal shape and length, at the new level;
 * 3. `shouldAdjust`: only when the ratio is material (|ln r| ≥ ln minRatio) and, given z, beyond
 *    noise (|z| ≥ minZ) — a false alarm on a stable SKU then mostly leaves its history as it was;
 * 4. `keepAdjustment`: champion/challenger per SKU — the unadjusted members are still fitted each
 *    week, so once `minWeeks` realized weeks compare the two, the adjustment stays only while its
 *    absolute errors sum to no more than the unadjusted forecasts' (a false alarm's adjustment
 *    that does not pay is dropped).
 * (`levelRatio`, the ratio of the raw means after / before the change, is kept for callers without
 * forecasts; it takes a seasonal peak for a shift.)
 *
 * 5. Only for smooth demand (LEVEL_SHIFT_PATTERNS): on erratic, intermittent and lumpy SKUs a few
 *    weeks' level is dominated by occasional large demands — the ratio is far noisier than the
 *    members' σ says — and the replay measured the re-fit adding error there on shifted and stable
 *    SKUs alike (docs/bench/learning.md); their members (TSB, SES) adapt by themselves.
 *
 * Pure: numbers in, numbers out.
 */
import { DemandPattern } from '../forecast/models/demand-pattern';

/** Demand patterns whose members are re-fitted on a level-adjusted history after a drift event. */
export const LEVEL_SHIFT_PATTERNS: readonly DemandPattern[] = ['smooth'];

export interface ChangePoint {
  /** Index of the first value at the new level. */
  index: number;
  meanBefore: number;
  meanAfter: number;
}

export const CHANGE_SEARCH_WINDOW = 16;
export const CHANGE_MIN_SEGMENT = 2;
export const LEVEL_REFERENCE_WEEKS = 12;
export const LEVEL_MIN_RATIO = 1.5;
export const LEVEL_MAX_RATIO = 10;

const mean = (xs: readonly number[]) => xs.reduce((s, x) => s + x, 0) / xs.length;

/** The least-squares single change point in the last `window` values (null when too few values). */
export function estimateChangePoint(values: readonly number[], window = CHANGE_SEARCH_WINDOW, minSegment = CHANGE_MIN_SEGMENT): ChangePoint | null {
  const start = Math.max(0, values.length - window);
  const xs = values.slice(start);
  if (xs.length < 2 * minSegment) return null;
  let best: { k: number; score: number } | null = null;
  for (let k = minSegment; k <= xs.length - minSegment; k++) {
    const before = mean(xs.slice(0, k));
    const after = mean(xs.slice(k));
    const score = ((k * (xs.length - k)) / xs.length) * (after - before) ** 2;
    if (!best || score > best.score) best = { k, score };
  }
  if (!best) return null;
  return { index: start + best.k, meanBefore: mean(xs.slice(0, best.k)), meanAfter: mean(xs.slice(best.k)) };
}

/**
 * The level ratio of the values from `change` on against the `reference` values before it:
 * x̄(after) / x̄(before), clamped to [1/maxRatio, maxRatio]; 1 when the values before average 0 and
 * those after do too; maxRatio when only those after are positive.
 */
export function levelRatio(values: readonly number[], change: number, reference = LEVEL_REFERENCE_WEEKS, maxRatio = LEVEL_MAX_RATIO): number {
  const after = values.slice(change);
  const before = values.slice(Math.max(0, change - reference), change);
  if (after.length === 0 || before.length === 0) return 1;
  const a = mean(after);
  const b = mean(before);
  if (b <= 0) return a > 0 ? maxRatio : 1;
  return Math.min(maxRatio, Math.max(1 / maxRatio, a / b));
}

/**
 * Σ actual / Σ forecast over the weeks since the change (the arrays aligned), clamped to
 * [1/maxRatio, maxRatio]; 1 without weeks or when both sums are 0; maxRatio when only the actuals are positive.
 */
export function forecastRatio(actual: readonly number[], forecast: readonly number[], maxRatio = LEVEL_MAX_RATIO): number {
  const n = Math.min(actual.length, forecast.length);
  let a = 0;
  let f = 0;
  for (let i = 0; i < n; i++) {
    a += actual[i];
    f += forecast[i];
  }
  if (f <= 0) return a > 0 ? maxRatio : 1;
  return Math.min(maxRatio, Math.max(1 / maxRatio, a / f));
}

export const ADJUSTMENT_MIN_WEEKS = 2;
export const LEVEL_MIN_Z = 3;

/** Longest ramp `settledLevelRatio` considers, weeks (a slower change is a trend, which the members follow). */
export const RAMP_MAX_WEEKS = 8;
/** A ramp replaces the step only when it lowers Σ (residual / σ)² by at least this (a 2σ week's worth). */
export const RAMP_MIN_CHI2_GAIN = 4;

export interface SettledLevel {
  /** The settled level / the counterfactual forecast, clamped to [1/maxRatio, maxRatio]. */
  ratio: number;
  /** Weeks the change took to settle: 1 for a step, L for a ramp over L weeks. */
  rampWeeks: number;
}

/**
 * The level the demand settled at since the change, relative to the counterfactual forecast
 * (arrays aligned, week i = 0… since the change). Model: a ramp over L weeks, then a step,
 *
 *   a_i ≈ f_i · (1 + (r − 1) · w_i),   w_i = min(1, (i + 1) / L),
 *
 * for L = 1 (a step: w_i = 1) … min(n, maxRamp). Per L, r by weighted least squares with
 * Var(a_i) ∝ f_i (the ratio estimator): r_L − 1 = Σ (a_i − f_i)·w_i / Σ f_i·w_i² — for L = 1
 * exactly Σa / Σf (forecastRatio). The fits are compared by χ²_L = Σ ((a_i − f_i(1 + (r_L − 1)w_i)) / σ_i)²
 * with the forecast's σ per week; the best ramp replaces the step only when χ²_1 − χ²_L ≥ minGain
 * (noise around a step lets some ramp fit a little better; a real ramp fits a lot better).
 * Without a usable σ (a week with σ ≤ 0 or not finite) or a positive forecast: the step.
 * A ramp still rising at the last week is fitted with L = n: r is the level reached so far.
 */
export function settledLevelRatio(
  actual: readonly number[],
  forecast: readonly number[],
  sd: readonly number[],
  maxRatio = LEVEL_MAX_RATIO,
  maxRamp = RAMP_MAX_WEEKS,
  minGain = RAMP_MIN_CHI2_GAIN,
): SettledLevel {
  const step: SettledLevel = { ratio: forecastRatio(actual, forecast, maxRatio), rampWeeks: 1 };
  const n = Math.min(actual.length, forecast.length, sd.length);
  if (n < 2 || sd.slice(0, n).some((s) => !(Number.isFinite(s) && s > 0)) || forecast.slice(0, n).some((f) => !(Number.isFinite(f) && f > 0))) return step;
  const fit = (L: number) => {
    const w = Array.from({ length: n }, (_, i) => Math.min(1, (i + 1) / L));
    let num = 0;
    let den = 0;
    for (let i = 0; i < n; i++) {
      num += (actual[i] - forecast[i]) * w[i];
      den += forecast[i] * w[i] * w[i];
    }
    const beta = num / den;
    let chi2 = 0;
    for (let i = 0; i < n; i++) chi2 += ((actual[i] - forecast[i] * (1 + beta * w[i])) / sd[i]) ** 2;
    return { ratio: 1 + beta, chi2 };
  };
  const stepChi2 = fit(1).chi2;
  let best: { L: number; ratio: number; chi2: number } | null = null;
  for (let L = 2; L <= Math.min(n, maxRamp); L++) {
    const f = fit(L);
    if (!best || f.chi2 < best.chi2) best = { L, ...f };
  }
  if (!best || stepChi2 - best.chi2 < minGain) return step;
  return { ratio: Math.min(maxRatio, Math.max(1 / maxRatio, best.ratio)), rampWeeks: best.L };
}

/** (Σ actual − Σ forecast) / √(Σ sd²) over aligned weeks; 0 without weeks or spread. */
export function shiftZ(actual: readonly number[], forecast: readonly number[], sd: readonly number[]): number {
  const n = Math.min(actual.length, forecast.length, sd.length);
  let diff = 0;
  let variance = 0;
  for (let i = 0; i < n; i++) {
    diff += actual[i] - forecast[i];
    variance += sd[i] * sd[i];
  }
  return variance > 0 ? diff / Math.sqrt(variance) : 0;
}

/**
 * Whether a level adjustment stays in force: fewer than `minWeeks` realized weeks since it started
 * → yes; else Σ|adjusted − actual| ≤ Σ|unadjusted − actual| over those weeks (arrays aligned).
 */
export function keepAdjustment(actual: readonly number[], adjusted: readonly number[], unadjusted: readonly number[], minWeeks = ADJUSTMENT_MIN_WEEKS): boolean {
  const n = Math.min(actual.length, adjusted.length, unadjusted.length);
  if (n < minWeeks) return true;
  let a = 0;
  let u = 0;
  for (let i = 0; i < n; i++) {
    a += Math.abs(adjusted[i] - actual[i]);
    u += Math.abs(unadjusted[i] - actual[i]);
  }
  return a <= u;
}

/** Whether a ratio is worth acting on: |ln r| ≥ ln minRatio, and |z| ≥ minZ when z is given. */
export function shouldAdjust(ratio: number, minRatio = LEVEL_MIN_RATIO, z?: number, minZ = LEVEL_MIN_Z): boolean {
  return Math.abs(Math.log(ratio)) >= Math.log(minRatio) - 1e-12 && (z === undefined || Math.abs(z) >= minZ);
}

/** The history with the values before `change` multiplied by `ratio` (those from `change` on unchanged). */
export function levelAdjustedHistory(values: readonly number[], change: number, ratio: number): number[] {
  return values.map((v, t) => (t < change ? v * ratio : v));
}
