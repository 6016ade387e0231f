/**
 * Additive damped trend, ETS(A,Ad,N) (Gardner & McKenzie 1985; Hyndman et al. 2008, ch. 2):
 *   ŷ(t) = ℓ(t−1) + φ·b(t−1),  e(t) = y(t) − ŷ(t)
 *   ℓ(t) = ℓ(t−1) + φ·b(t−1) + α·e(t),  b(t) = φ·b(t−1) + β·e(t)
 *   forecast ŷ(n+h) = ℓ(n) + (φ + φ² + … + φ^h)·b(n)
 *   variance σ²·(1 + Σ_{j=1}^{h−1} (α + β·(φ + … + φ^j))²)
 *
 * Fitted by least squares on the one-step errors (= Gaussian likelihood). The errors are linear
 * in the initial states (ℓ0, b0) for fixed (α, β, φ), so those two come from a 2×2 least-squares
 * solve, and Nelder–Mead searches only α ∈ (0, 1), β ∈ (0, α), φ ∈ [0.8, 0.98] (R `ets` bounds).
 * `phi: 1` fixes an undamped (Holt) trend.
 */
import { nelderMead } from './nelder-mead';

export interface DampedTrendFit {
  alpha: number;
  beta: number;
  phi: number;
  level: number;
  slope: number;
  sse: number;
  n: number;
}

const PHI_MIN = 0.8;
const PHI_MAX = 0.98;
const ALPHA_MIN = 1e-4;
const ALPHA_MAX = 0.9999;

function logistic(v: number): number {
  return 1 / (1 + Math.exp(-v));
}

function logit(p: number): number {
  return Math.log(p / (1 - p));
}

/** One pass of the recursion from the given initial states; returns SSE and final states. */
function run(y: readonly number[], alpha: number, beta: number, phi: number, level0: number, slope0: number) {
  let level = level0;
  let slope = slope0;
  let sse = 0;
  for (const v of y) {
    const e = v - (level + phi * slope);
    sse += e * e;
    level = level + phi * slope + alpha * e;
    slope = phi * slope + beta * e;
  }
  return { sse, level, slope };
}

/** Best (ℓ0, b0) and the resulting SSE for fixed smoothing parameters (see the file comment). */
function concentratedFit(y: readonly number[], alpha: number, beta: number, phi: number) {
  // a: errors from zero initial states; u, v: error responses to unit ℓ0 and unit b0 (y = 0).
  let la = 0, ba = 0, lu = 1, bu = 0, lv = 0, bv = 1;
  let suu = 0, suv = 0, svv = 0, sau = 0, sav = 0, saa = 0;
  for (const value of y) {
    const a = value - (la + phi * ba);
    const u = -(lu + phi * bu);
    const v = -(lv + phi * bv);
    suu += u * u; suv += u * v; svv += v * v; sau += a * u; sav += a * v; saa += a * a;
    la = la + phi * ba + alpha * a; ba = phi * ba + beta * a;
    lu = lu + phi * bu + alpha * u; bu = phi * bu + beta * u;
    lv = lv + phi * bv + alpha * v; bv = phi * bv + beta * v;
  }
  const det = suu * svv - suv * suv;
  let level0: number;
  let slope0: number;
  if (Math.abs(det) > 1e-12 * (suu * svv + 1e-300)) {
    level0 = (-sau * svv + sav * suv) / det;
    slope0 = (-sav * suu + sau * suv) / det;
  } else {
    level0 = suu > 0 ? -sau / suu : 0;
    slope0 = 0;
  }
  const sse = saa + 2 * (level0 * sau + slope0 * sav) + level0 * level0 * suu + 2 * level0 * slope0 * suv + slope0 * slope0 * svv;
  return { sse: Math.max(0, sse), level0, slope0 };
}

export function fitDampedTrend(y: readonly number[], options: { phi?: number } = {}): DampedTrendFit {
  let scale = 0;
  for (const v of y) scale = Math.max(scale, Math.abs(v));
  if (!(scale > 0) || !Number.isFinite(scale)) scale = 1;
  const z = y.map((v) => v / scale);
  const fixedPhi = options.phi;
  const unpack = (p: number[]) => {
    const alpha = ALPHA_MIN + (ALPHA_MAX - ALPHA_MIN) * logistic(p[0]);
    const beta = alpha * logistic(p[1]);
    const phi = fixedPhi ?? PHI_MIN + (PHI_MAX - PHI_MIN) * logistic(p[2]);
    return { alpha, beta, phi };
  };
  const objective = (p: number[]) => {
    const { alpha, beta, phi } = unpack(p);
    return concentratedFit(z, alpha, beta, phi).sse;
  };
  const start = [logit(0.3), logit(0.1), logit(0.5)];
  const best = nelderMead(objective, fixedPhi === undefined ? start : start.slice(0, 2), { step: 1, maxEvaluations: 300 });
  const { alpha, beta, phi } = unpack(best.x);
  const { level0, slope0 } = concentratedFit(z, alpha, beta, phi);
  const end = run(z, alpha, beta, phi, level0, slope0);
  return {
    alpha,
    beta,
    phi,
    level: end.level * scale,
    slope: end.slope * scale,
    sse: end.sse * scale * scale,
    n: y.length,
  };
}

/** Mean and sd of steps 1..h (see the file comment). */
export function dampedTrendForecast(fit: DampedTrendFit, h: number, parameterCount: number) {
  const sigma = Math.sqrt(fit.sse / Math.max(1, fit.n - parameterCount));
  const mean: number[] = [];
  const sd: number[] = [];
  let phiSum = 0;
  let variance = 1;
  for (let i = 1; i <= h; i++) {
    phiSum += Math.pow(fit.phi, i);
    mean.push(fit.level + phiSum * fit.slope);
    sd.push(sigma * Math.sqrt(variance));
    // Coefficient c(i) = α + β·(φ + … + φ^i) enters the variance of step i + 1.
    const c = fit.alpha + fit.beta * phiSum;
    variance += c * c;
  }
  return { mean, sd };
}
