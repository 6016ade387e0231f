import { inverseNormalCdf } from '../../common/normal';
import { fourierSeasonalIndices } from './fourier-seasonality';

/**
 * Classical multiplicative decomposition with a seasonality test, as the Theta method uses it
 * (Assimakopoulos & Nikolopoulos 2000; R `forecast::thetaf`; the M4 competition benchmarks):
 *
 * 1. Test: the series is seasonal when its lag-m autocorrelation r(m) is significant at 90 %
 *    (two-sided), |r(m)| > 1.645·√((1 + 2·Σ_{k<m} r(k)²)/n) — Bartlett's standard error of r(m)
 *    under an MA(m−1) null. Needs m > 1, a non-constant series and n ≥ 3m (M4 benchmarks' rule;
 *    fewer seasons give indices too noisy to help).
 * 2. Decompose (R `decompose(type = "multiplicative")`): a centred moving average of order m
 *    (2×m for even m) estimates the trend; the ratios y/trend averaged per position in the season
 *    and normalised to mean 1 are the seasonal indices.
 *
 * Multiplicative indices need positive data: a series with a value ≤ 0 is treated as
 * non-seasonal (indices all 1).
 *
 * Long seasons (m > 12, e.g. 52 weeks) instead get smooth indices from a harmonic regression with
 * its own significance test (fourier-seasonality.ts): 52 classical indices from two or three
 * years of weekly data would be mostly noise.
 */

export interface SeasonalDecomposition {
  seasonal: boolean;
  /** Seasonal index per position in the season (length m, mean 1); all 1 when not seasonal. */
  indices: number[];
  /** The series divided by its seasonal index. */
  adjusted: number[];
}

/** Normal quantile for a one-sided 95 % / two-sided 90 % test. */
const Z_90_TWO_SIDED = inverseNormalCdf(0.95);

/** Sample autocorrelations r(1..maxLag), denominator Σ(y−ȳ)² over the whole series (as R `acf`). */
export function autocorrelations(y: readonly number[], maxLag: number): number[] {
  const n = y.length;
  let mean = 0;
  for (const v of y) mean += v;
  mean /= n;
  let denominator = 0;
  for (const v of y) denominator += (v - mean) * (v - mean);
  const r: number[] = [];
  for (let k = 1; k <= maxLag; k++) {
    let numerator = 0;
    for (let t = k; t < n; t++) numerator += (y[t] - mean) * (y[t - k] - mean);
    r.push(denominator > 0 ? numerator / denominator : 0);
  }
  return r;
}

function isConstant(y: readonly number[]): boolean {
  for (const v of y) if (v !== y[0]) return false;
  return true;
}

/** The 90 % lag-m autocorrelation test for seasonality (see the file comment). */
export function isSeasonal(y: readonly number[], season: number): boolean {
  const n = y.length;
  if (season <= 1 || n < 3 * season || isConstant(y)) return false;
  const r = autocorrelations(y, season);
  let sumSquares = 0;
  for (let k = 0; k < season - 1; k++) sumSquares += r[k] * r[k];
  const standardError = Math.sqrt((1 + 2 * sumSquares) / n);
  return Math.abs(r[season - 1]) / standardError > Z_90_TWO_SIDED;
}

/** Centred moving average of order m (2×m for even m); NaN where the window does not fit. */
export function centredMovingAverage(y: readonly number[], season: number): number[] {
  const n = y.length;
  const trend = new Array<number>(n).fill(NaN);
  const half = Math.floor(season / 2);
  for (let t = half; t < n - half; t++) {
    let sum = 0;
    if (season % 2 === 1) {
      for (let k = -half; k <= half; k++) sum += y[t + k];
    } else {
      sum += 0.5 * y[t - half] + 0.5 * y[t + half];
      for (let k = -half + 1; k < half; k++) sum += y[t + k];
    }
    trend[t] = sum / season;
  }
  return trend;
}

/** Seasonal indices of a classical multiplicative decomposition, position 0 = first observation. */
export function multiplicativeSeasonalIndices(y: readonly number[], season: number): number[] {
  const trend = centredMovingAverage(y, season);
  const sums = new Array<number>(season).fill(0);
  const counts = new Array<number>(season).fill(0);
  for (let t = 0; t < y.length; t++) {
    if (Number.isNaN(trend[t]) || trend[t] === 0) continue;
    sums[t % season] += y[t] / trend[t];
    counts[t % season]++;
  }
  const raw = sums.map((s, i) => (counts[i] > 0 ? s / counts[i] : 1));
  const mean = raw.reduce((a, b) => a + b, 0) / season;
  return raw.map((v) => v / mean);
}

/** Seasons longer than this use smooth Fourier indices (fourier-seasonality.ts). */
export const LONG_SEASON = 12;

export function decomposeSeasonality(y: readonly number[], season: number): SeasonalDecomposition {
  const m = Math.max(1, Math.round(season));
  if (m > LONG_SEASON) {
    const fourier = fourierSeasonalIndices(y, m);
    return { seasonal: fourier.seasonal, indices: fourier.indices, adjusted: y.map((v, t) => v / fourier.indices[t % m]) };
  }
  const positive = y.every((v) => v > 0);
  let indices = new Array<number>(m).fill(1);
  let seasonal = positive && isSeasonal(y, m);
  if (seasonal) {
    indices = multiplicativeSeasonalIndices(y, m);
    // Degenerate indices (a season position with ~no demand) would blow up the adjusted series.
    if (indices.some((v) => !(v > 1e-6) || !Number.isFinite(v))) {
      indices = new Array<number>(m).fill(1);
      seasonal = false;
    }
  }
  const adjusted = y.map((v, t) => v / indices[t % m]);
  return { seasonal, indices, adjusted };
}

/** Seasonal index of forecast step i (1-based) after a history of n points. */
export function futureSeasonalIndex(decomposition: SeasonalDecomposition, n: number, step: number): number {
  const m = decomposition.indices.length;
  return decomposition.indices[(n + step - 1) % m];
}
