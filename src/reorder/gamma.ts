/**
 * The gamma distribution, for demand over a period when demand is skewed or intermittent:
 * a gamma with the same mean m and variance v (shape k = m²/v, scale θ = v/m) is non-negative and
 * right-skewed (skewness 2/√k), where a normal is symmetric and puts mass below zero.
 *
 * Regularized incomplete gamma P(a, x) by its power series for x < a + 1 and by the Legendre
 * continued fraction for Q(a, x) otherwise (Abramowitz & Stegun 6.5.29 / 6.5.31; evaluated with
 * Lentz's method).
 */
import { logGamma } from '../common/log-gamma';
import { inverseNormalCdf } from '../common/normal';

const EPSILON = 1e-15;
const TINY = 1e-300;

/** P(a, x) = γ(a, x)/Γ(a) and Q = 1 − P, both returned to keep precision in the upper tail. */
export function regularizedGamma(a: number, x: number): { lower: number; upper: number } {
  if (!(a > 0)) throw new RangeError(`regularizedGamma: a must be > 0, got ${a}`);
  if (x <= 0) return { lower: 0, upper: 1 };
  if (x === Infinity) return { lower: 1, upper: 0 };
  const logPrefactor = -x + a * Math.log(x) - logGamma(a);
  if (x < a + 1) {
    let term = 1 / a;
    let sum = term;
    for (let n = 1; n < 100000; n++) {
      term *= x / (a + n);
      sum += term;
      if (Math.abs(term) < Math.abs(sum) * EPSILON) break;
    }
    const lower = Math.min(1, sum * Math.exp(logPrefactor));
    return { lower, upper: 1 - lower };
  }
  let b = x + 1 - a;
  let c = 1 / TINY;
  let d = 1 / b;
  let h = d;
  for (let i = 1; i < 100000; i++) {
    const an = -i * (i - a);
    b += 2;
    d = an * d + b;
    if (Math.abs(d) < TINY) d = TINY;
    c = b + an / c;
    if (Math.abs(c) < TINY) c = TINY;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < EPSILON) break;
  }
  const upper = Math.min(1, Math.exp(logPrefactor) * h);
  return { lower: 1 - upper, upper };
}

export interface GammaParameters {
  shape: number;
  scale: number;
}

/** Shape and scale with the given mean (> 0) and variance (> 0). */
export function gammaFromMoments(mean: number, variance: number): GammaParameters {
  if (!(mean > 0 && variance > 0)) throw new RangeError(`gammaFromMoments: need mean > 0 and variance > 0, got ${mean}, ${variance}`);
  return { shape: (mean * mean) / variance, scale: variance / mean };
}

export function gammaCdf(x: number, { shape, scale }: GammaParameters): number {
  return regularizedGamma(shape, x / scale).lower;
}

/** Above this shape the Wilson–Hilferty cube-root normal approximation is exact to ~1e-5 relative. */
const WILSON_HILFERTY_SHAPE = 5000;

/** x with P(X ≤ x) = p for X ~ gamma(shape, scale); safeguarded Newton on the CDF. */
export function gammaQuantile(p: number, { shape, scale }: GammaParameters): number {
  if (!(p >= 0 && p < 1)) throw new RangeError(`gammaQuantile: p must be in [0, 1), got ${p}`);
  if (p === 0) return 0;
  const z = inverseNormalCdf(p);
  // Wilson–Hilferty: (X/k)^(1/3) is nearly normal with mean 1 − 1/(9k), variance 1/(9k).
  const wh = shape * Math.pow(Math.max(0, 1 - 1 / (9 * shape) + z / (3 * Math.sqrt(shape))), 3);
  if (shape > WILSON_HILFERTY_SHAPE) return wh * scale;

  const logNorm = logGamma(shape);
  let lo = 0;
  let hi = Math.max(1, shape);
  while (regularizedGamma(shape, hi).lower < p) hi *= 2;
  // For small shapes the lower tail is P(k, x) = x^k/Γ(k+1)·(1 − k·x/(k + 1) + …): when that
  // puts the quantile far below 1 it is exact to double precision, where Newton would stall.
  const lowerTail = Math.exp((Math.log(p) + logGamma(shape + 1)) / shape);
  if (shape < 1 && lowerTail < 1e-8) return lowerTail * scale;
  let x = wh > 0 ? wh : lowerTail;
  if (!(x > lo && x < hi)) x = (lo + hi) / 2;
  for (let i = 0; i < 200; i++) {
    const f = regularizedGamma(shape, x).lower - p;
    if (f > 0) hi = x;
    else lo = x;
    const density = Math.exp((shape - 1) * Math.log(x) - x - logNorm);
    let next = density > 0 ? x - f / density : NaN;
    if (!(next > lo && next < hi)) next = (lo + hi) / 2;
    if (Math.abs(next - x) <= 1e-13 * Math.max(1, x)) {
      x = next;
      break;
    }
    x = next;
  }
  return x * scale;
}

/** E[(X − s)⁺] for X ~ gamma: kθ·Q(k+1, s/θ) − s·Q(k, s/θ), the expected units short. */
export function gammaLoss(s: number, { shape, scale }: GammaParameters): number {
  if (s <= 0) return shape * scale - s;
  const t = s / scale;
  return Math.max(0, shape * scale * regularizedGamma(shape + 1, t).upper - s * regularizedGamma(shape, t).upper);
}
