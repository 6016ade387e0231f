/**
 * Forecast error metrics, one definition each, used by the backtests, the benchmark and the
 * learning module. Pure: numbers in, numbers out.
 *
 * Conventions: `actual[i]` and `forecast[i]` are the value and the forecast of step i of one
 * series' test window. Percentages are on a 0–100 scale. A metric that is undefined for a series
 * (e.g. MAPE when every actual is 0, MASE when the training part is constant) returns `null`
 * rather than NaN or Infinity, so aggregates can leave it out and say how many they left out.
 */

function assertSameLength(actual: readonly number[], forecast: readonly number[]): void {
  if (actual.length !== forecast.length) {
    throw new Error(`metrics: actual has ${actual.length} values but forecast has ${forecast.length}`);
  }
}

export interface MapeResult {
  /** Mean of 100·|y − f| / |y| over the steps where y ≠ 0; null when there are none. */
  mapePercent: number | null;
  /** Steps left out because the actual was 0 (MAPE divides by it). */
  skipped: number;
}

/** MAPE on the non-zero actuals only, saying how many zero actuals it skipped. */
export function mape(actual: readonly number[], forecast: readonly number[]): MapeResult {
  assertSameLength(actual, forecast);
  let sum = 0;
  let count = 0;
  let skipped = 0;
  for (let i = 0; i < actual.length; i++) {
    if (actual[i] === 0) {
      skipped++;
      continue;
    }
    sum += (100 * Math.abs(actual[i] - forecast[i])) / Math.abs(actual[i]);
    count++;
  }
  return { mapePercent: count > 0 ? sum / count : null, skipped };
}

/**
 * Symmetric MAPE as used in the M3 and M4 competitions (Makridakis & Hibon 2000):
 * mean of 200·|y − f| / (|y| + |f|), a step where both are 0 counts as 0 error.
 */
export function smape(actual: readonly number[], forecast: readonly number[]): number {
  assertSameLength(actual, forecast);
  if (actual.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const denominator = Math.abs(actual[i]) + Math.abs(forecast[i]);
    if (denominator > 0) sum += (200 * Math.abs(actual[i] - forecast[i])) / denominator;
  }
  return sum / actual.length;
}

/** Sum of absolute errors and of absolute actuals: WAPE = 100·Σ|y − f| / Σ|y|. */
export function wape(actual: readonly number[], forecast: readonly number[]): number | null {
  assertSameLength(actual, forecast);
  let errorSum = 0;
  let actualSum = 0;
  for (let i = 0; i < actual.length; i++) {
    errorSum += Math.abs(actual[i] - forecast[i]);
    actualSum += Math.abs(actual[i]);
  }
  return actualSum > 0 ? (100 * errorSum) / actualSum : null;
}

/**
 * In-sample scale of MASE (Hyndman & Koehler 2006) and RMSSE (M5): the mean of |y(t) − y(t−lag)|^power
 * over the training part, lag = the season m when the training part is longer than m, else 1.
 * Returns null when the scale is 0 (a constant series at that lag and at lag 1) or undefined.
 */
export function seasonalDifferenceScale(train: readonly number[], season: number, power: 1 | 2): number | null {
  const m = Math.max(1, Math.round(season));
  const lags = train.length > m && m > 1 ? [m, 1] : [1];
  for (const lag of lags) {
    let sum = 0;
    let count = 0;
    for (let t = lag; t < train.length; t++) {
      const d = Math.abs(train[t] - train[t - lag]);
      sum += power === 1 ? d : d * d;
      count++;
    }
    // Guard: a zero scale would make the metric infinite; try the next lag, then give up.
    if (count > 0 && sum > 0 && Number.isFinite(sum)) return sum / count;
  }
  return null;
}

/** MASE: mean |y − f| divided by the training part's mean absolute seasonal difference. */
export function mase(
  actual: readonly number[],
  forecast: readonly number[],
  train: readonly number[],
  season: number,
): number | null {
  assertSameLength(actual, forecast);
  const scale = seasonalDifferenceScale(train, season, 1);
  if (scale === null || actual.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i] - forecast[i]);
  const value = sum / actual.length / scale;
  return Number.isFinite(value) ? value : null;
}

/** RMSSE (M5 competition): √( mean (y − f)² / mean squared seasonal difference of the training part ). */
export function rmsse(
  actual: readonly number[],
  forecast: readonly number[],
  train: readonly number[],
  season: number,
): number | null {
  assertSameLength(actual, forecast);
  // Squares of values near 1e154 overflow: divide everything by the largest magnitude first
  // (RMSSE is scale-free, so this changes nothing else).
  let magnitude = 0;
  for (const v of [...train, ...actual, ...forecast]) if (Number.isFinite(v)) magnitude = Math.max(magnitude, Math.abs(v));
  const unit = magnitude > 0 ? magnitude : 1;
  const scale = seasonalDifferenceScale(train.map((v) => v / unit), season, 2);
  if (scale === null || actual.length === 0) return null;
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += ((actual[i] - forecast[i]) / unit) ** 2;
  const value = Math.sqrt(sum / actual.length / scale);
  return Number.isFinite(value) ? value : null;
}

/** Bias: mean of (f − y) in the data's units; positive means over-forecasting. */
export function bias(actual: readonly number[], forecast: readonly number[]): number {
  assertSameLength(actual, forecast);
  if (actual.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < actual.length; i++) sum += forecast[i] - actual[i];
  return sum / actual.length;
}

/**
 * Pinball (quantile) loss of the quantile-τ forecast q, averaged over the steps:
 * τ·(y − q) when y ≥ q, (1 − τ)·(q − y) otherwise (Koenker & Bassett 1978).
 */
export function pinballLoss(actual: readonly number[], quantile: readonly number[], tau: number): number {
  assertSameLength(actual, quantile);
  if (!(tau > 0 && tau < 1)) throw new Error(`metrics: pinball loss needs 0 < tau < 1, got ${tau}`);
  if (actual.length === 0) return 0;
  let sum = 0;
  for (let i = 0; i < actual.length; i++) {
    const diff = actual[i] - quantile[i];
    sum += diff >= 0 ? tau * diff : (tau - 1) * diff;
  }
  return sum / actual.length;
}

/** Interval coverage: the share (0–1) of actuals at or below the quantile forecast. */
export function coverage(actual: readonly number[], quantile: readonly number[]): number {
  assertSameLength(actual, quantile);
  if (actual.length === 0) return 0;
  let covered = 0;
  for (let i = 0; i < actual.length; i++) if (actual[i] <= quantile[i]) covered++;
  return covered / actual.length;
}
