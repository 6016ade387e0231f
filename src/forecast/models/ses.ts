/**
 * Simple exponential smoothing, ETS(A,N,N), fitted by least squares on the one-step errors
 * (= maximum likelihood for ANN, as R `ets(y, "ANN")` / `ses()` do).
 *
 * For a fixed α the one-step errors are linear in the initial level l0:
 *   l(t) = α·y(t) + (1−α)·l(t−1)  ⇒  e(t) = y(t) − l(t−1) = a(t) − (1−α)^t·l0,
 * where a(t) is the error path started from l0 = 0. So the best l0 is a closed-form least-squares
 * fit, and only α is searched (grid then golden section on the SSE).
 */

export interface SesFit {
  alpha: number;
  initialLevel: number;
  /** Level after the last observation = the flat forecast. */
  level: number;
  /** Sum of squared one-step errors. */
  sse: number;
  n: number;
}

export const SES_ALPHA_MIN = 1e-4;
export const SES_ALPHA_MAX = 0.9999;

/** SSE and the best l0 for a given α (see the file comment). */
function sseForAlpha(y: readonly number[], alpha: number): { sse: number; initialLevel: number } {
  // a(t): errors with l0 = 0; c(t) = (1−α)^t, the weight of l0 in l(t−1).
  let levelFromZero = 0;
  let weight = 1;
  let sumAA = 0;
  let sumAC = 0;
  let sumCC = 0;
  for (let t = 0; t < y.length; t++) {
    const a = y[t] - levelFromZero;
    sumAA += a * a;
    sumAC += a * weight;
    sumCC += weight * weight;
    levelFromZero += alpha * a;
    weight *= 1 - alpha;
  }
  const initialLevel = sumCC > 0 ? sumAC / sumCC : 0;
  const sse = Math.max(0, sumAA - 2 * initialLevel * sumAC + initialLevel * initialLevel * sumCC);
  return { sse, initialLevel };
}

/** Runs SES with fixed α and l0. */
export function sesWith(y: readonly number[], alpha: number, initialLevel: number): SesFit {
  let level = initialLevel;
  let sse = 0;
  for (const v of y) {
    const e = v - level;
    sse += e * e;
    level += alpha * e;
  }
  return { alpha, initialLevel, level, sse, n: y.length };
}

/** Fits α ∈ [1e-4, 0.9999] and l0 minimising the one-step SSE. */
export function fitSes(y: readonly number[]): SesFit {
  // Scale to avoid overflow with huge values; SES is scale-equivariant.
  let scale = 0;
  for (const v of y) scale = Math.max(scale, Math.abs(v));
  if (!(scale > 0) || !Number.isFinite(scale)) scale = 1;
  const z = y.map((v) => v / scale);

  const grid = 20;
  let bestAlpha = SES_ALPHA_MIN;
  let bestSse = Infinity;
  for (let i = 0; i <= grid; i++) {
    const alpha = SES_ALPHA_MIN + ((SES_ALPHA_MAX - SES_ALPHA_MIN) * i) / grid;
    const { sse } = sseForAlpha(z, alpha);
    if (sse < bestSse) {
      bestSse = sse;
      bestAlpha = alpha;
    }
  }
  // Golden-section search in the grid cell around the best grid point.
  const step = (SES_ALPHA_MAX - SES_ALPHA_MIN) / grid;
  let lo = Math.max(SES_ALPHA_MIN, bestAlpha - step);
  let hi = Math.min(SES_ALPHA_MAX, bestAlpha + step);
  const ratio = (Math.sqrt(5) - 1) / 2;
  let x1 = hi - ratio * (hi - lo);
  let x2 = lo + ratio * (hi - lo);
  let f1 = sseForAlpha(z, x1).sse;
  let f2 = sseForAlpha(z, x2).sse;
  for (let iter = 0; iter < 40 && hi - lo > 1e-7; iter++) {
    if (f1 < f2) {
      hi = x2;
      x2 = x1;
      f2 = f1;
      x1 = hi - ratio * (hi - lo);
      f1 = sseForAlpha(z, x1).sse;
    } else {
      lo = x1;
      x1 = x2;
      f1 = f2;
      x2 = lo + ratio * (hi - lo);
      f2 = sseForAlpha(z, x2).sse;
    }
  }
  const candidate = (lo + hi) / 2;
  const alpha = sseForAlpha(z, candidate).sse <= bestSse ? candidate : bestAlpha;
  const { initialLevel } = sseForAlpha(z, alpha);
  const fit = sesWith(z, alpha, initialLevel);
  return {
    alpha,
    initialLevel: initialLevel * scale,
    level: fit.level * scale,
    sse: fit.sse * scale * scale,
    n: y.length,
  };
}
