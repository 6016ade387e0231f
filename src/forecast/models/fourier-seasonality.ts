/**
 * Smooth seasonal indices for long seasons (m > 12, e.g. 52 weeks a year) from a harmonic
 * regression. With two years of weekly history, the classical decomposition would estimate
 * each of 52 indices from one or two ratios — mostly noise — and the autocorrelation test at
 * lag 52 needs three years. A few Fourier terms describe a yearly demand cycle with 2K numbers
 * instead of 52 (the approach of Prophet's yearly seasonality and of TBATS, De Livera et al.
 * 2011).
 *
 * Model, by ordinary least squares on t = 0..n−1:
 *   y(t) = a + b·t + Σ_{k=1..K} [c_k·sin(2πkt/m) + d_k·cos(2πkt/m)] + e(t)
 * K ∈ {1, 2, 3} chosen by AICc. Seasonal if the harmonics are significant at 90 %: the F
 * statistic against the trend-only fit, taken as 2K·F ~ χ²(2K) (n is large here), exceeds
 * χ²(2K; 0.90). Indices: 1 + (seasonal part at position p)/ȳ, floored at 0.05 and normalised to
 * mean 1 — multiplicative, like the classical indices, so the rest of the pipeline is the same.
 * Needs at least 1.5 seasons of history and a positive mean.
 */

/** χ²(2K) 90 % quantiles for K = 1, 2, 3. */
const CHI_SQUARE_90: Record<number, number> = { 1: 4.605170185988091, 2: 7.779440339734858, 3: 10.644640675668422 };
const MAX_HARMONICS = 3;
const INDEX_FLOOR = 0.05;

/** Solves the normal equations XᵀX β = Xᵀy by Gaussian elimination with partial pivoting. */
function leastSquares(rows: readonly number[][], y: readonly number[]): { beta: number[]; sse: number } | null {
  const p = rows[0].length;
  const a = Array.from({ length: p }, () => new Array<number>(p + 1).fill(0));
  for (let i = 0; i < y.length; i++) {
    const row = rows[i];
    for (let j = 0; j < p; j++) {
      a[j][p] += row[j] * y[i];
      for (let k = 0; k < p; k++) a[j][k] += row[j] * row[k];
    }
  }
  for (let c = 0; c < p; c++) {
    let pivot = c;
    for (let r = c + 1; r < p; r++) if (Math.abs(a[r][c]) > Math.abs(a[pivot][c])) pivot = r;
    [a[c], a[pivot]] = [a[pivot], a[c]];
    if (!(Math.abs(a[c][c]) > 1e-12)) return null;
    for (let r = 0; r < p; r++) {
      if (r === c) continue;
      const factor = a[r][c] / a[c][c];
      for (let k = c; k <= p; k++) a[r][k] -= factor * a[c][k];
    }
  }
  const beta = a.map((row, i) => row[p] / row[i]);
  let sse = 0;
  for (let i = 0; i < y.length; i++) {
    let fitted = 0;
    for (let j = 0; j < p; j++) fitted += rows[i][j] * beta[j];
    sse += (y[i] - fitted) ** 2;
  }
  return { beta, sse };
}

function designRow(t: number, season: number, harmonics: number, scaleT: number): number[] {
  const row = [1, t / scaleT];
  for (let k = 1; k <= harmonics; k++) {
    const angle = (2 * Math.PI * k * t) / season;
    row.push(Math.sin(angle), Math.cos(angle));
  }
  return row;
}

export interface FourierSeasonality {
  seasonal: boolean;
  harmonics: number;
  /** Index per position in the season (mean 1); all 1 when not seasonal. */
  indices: number[];
}

export function fourierSeasonalIndices(y: readonly number[], season: number): FourierSeasonality {
  const n = y.length;
  const none: FourierSeasonality = { seasonal: false, harmonics: 0, indices: new Array<number>(season).fill(1) };
  let mean = 0;
  for (const v of y) mean += v;
  mean /= n;
  if (n < 1.5 * season || !(mean > 0)) return none;
  // Work on y/ȳ so huge values cannot overflow the normal equations.
  const z = y.map((v) => v / mean);
  const scaleT = Math.max(1, n - 1);
  const trendOnly = leastSquares(z.map((_, t) => designRow(t, season, 0, scaleT)), z);
  if (!trendOnly) return none;
  let best: { harmonics: number; beta: number[]; sse: number; aicc: number } | undefined;
  for (let harmonics = 1; harmonics <= MAX_HARMONICS; harmonics++) {
    const k = 2 + 2 * harmonics;
    if (n - k - 1 <= 0) break;
    const fit = leastSquares(z.map((_, t) => designRow(t, season, harmonics, scaleT)), z);
    if (!fit) continue;
    const aicc = n * Math.log(Math.max(fit.sse, 1e-300) / n) + 2 * k + (2 * k * (k + 1)) / (n - k - 1);
    if (!best || aicc < best.aicc) best = { harmonics, beta: fit.beta, sse: fit.sse, aicc };
  }
  if (!best) return none;
  const df = n - 2 - 2 * best.harmonics;
  const f = (trendOnly.sse - best.sse) / (2 * best.harmonics) / (best.sse / df);
  if (!(2 * best.harmonics * f > CHI_SQUARE_90[best.harmonics])) return none;
  const raw: number[] = [];
  for (let p = 0; p < season; p++) {
    let seasonalPart = 0;
    for (let k = 1; k <= best.harmonics; k++) {
      const angle = (2 * Math.PI * k * p) / season;
      seasonalPart += best.beta[2 * k] * Math.sin(angle) + best.beta[2 * k + 1] * Math.cos(angle);
    }
    // z has mean 1, so the seasonal part is already relative to the mean level.
    raw.push(Math.max(INDEX_FLOOR, 1 + seasonalPart));
  }
  const rawMean = raw.reduce((s, v) => s + v, 0) / season;
  return { seasonal: true, harmonics: best.harmonics, indices: raw.map((v) => v / rawMean) };
}
