/**
 * The standard normal distribution: density, CDF, inverse CDF and the loss function.
 * Pure math, no dependencies; used by the reorder policy for safety factors.
 *
 * Inverse CDF: P. J. Acklam's rational approximation (relative error < 1.15e-9) followed by one
 * Halley step against the CDF below, which brings it to double precision (≈1e-15) — far inside
 * the 1e-9 the policy needs, and no rounded z table anywhere.
 */

const SQRT_2PI = Math.sqrt(2 * Math.PI);

/** φ(x), the standard normal density. */
export function normalPdf(x: number): number {
  return Math.exp(-0.5 * x * x) / SQRT_2PI;
}

/**
 * Upper tail Q(x) = 1 − Φ(x) for x ≥ 0.
 * For x < 5: Marsaglia's series Φ(x) = ½ + φ(x)·(x + x³/3 + x⁵/(3·5) + …) (J. Stat. Software 11(4),
 * 2004), absolute error ≈1e-16. For x ≥ 5: the Laplace continued fraction
 * Q(x) = φ(x) / (x + 1/(x + 2/(x + 3/(x + …)))), evaluated bottom-up, which keeps relative accuracy
 * far in the tail where the series would cancel.
 */
function upperTail(x: number): number {
  if (x < 5) {
    let term = x;
    let sum = x;
    const x2 = x * x;
    for (let n = 3; n < 400 && Math.abs(term) > 1e-17 * Math.abs(sum); n += 2) {
      term *= x2 / n;
      sum += term;
    }
    return 0.5 - normalPdf(x) * sum;
  }
  let fraction = x;
  for (let k = 60; k >= 1; k--) fraction = x + k / fraction;
  return normalPdf(x) / fraction;
}

/** Φ(x), the standard normal CDF. */
export function normalCdf(x: number): number {
  if (Number.isNaN(x)) return NaN;
  if (x === Infinity) return 1;
  if (x === -Infinity) return 0;
  return x >= 0 ? 1 - upperTail(x) : upperTail(-x);
}

// Acklam's coefficients (https://web.archive.org/web/2015/http://home.online.no/~pjacklam/notes/invnorm/).
const A = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
const B = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
const C = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
const D = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
const P_LOW = 0.02425;

function acklam(p: number): number {
  if (p < P_LOW) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((C[0] * q + C[1]) * q + C[2]) * q + C[3]) * q + C[4]) * q + C[5]) / ((((D[0] * q + D[1]) * q + D[2]) * q + D[3]) * q + 1);
  }
  if (p > 1 - P_LOW) return -acklam(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((A[0] * r + A[1]) * r + A[2]) * r + A[3]) * r + A[4]) * r + A[5]) * q) / (((((B[0] * r + B[1]) * r + B[2]) * r + B[3]) * r + B[4]) * r + 1);
}

/**
 * z = Φ⁻¹(p): the safety factor for a cycle service level p (0 < p < 1).
 * Returns −Infinity / Infinity at p = 0 / 1; throws for p outside [0, 1].
 */
export function inverseNormalCdf(p: number): number {
  if (!(p >= 0 && p <= 1)) throw new RangeError(`inverseNormalCdf: p must be in [0, 1], got ${p}`);
  if (p === 0) return -Infinity;
  if (p === 1) return Infinity;
  const x = acklam(p);
  // One Halley step on f(x) = Φ(x) − p, working on the smaller tail to keep precision.
  const error = x >= 0 ? 1 - p - upperTail(x) : upperTail(-x) - p; // Φ(x) − p
  const u = error / normalPdf(x);
  return x - u / (1 + (x * u) / 2);
}

/**
 * Standard normal loss function G(z) = E[(Z − z)⁺] = φ(z) − z·(1 − Φ(z)):
 * expected units short per unit of σ when the reorder point sits z σ above the mean
 * (Silver, Pyke & Peterson, "Inventory Management and Production Planning", §7.6).
 */
export function normalLoss(z: number): number {
  const tail = z >= 0 ? upperTail(z) : 1 - upperTail(-z);
  return Math.max(0, normalPdf(z) - z * tail);
}

/** The z with G(z) = loss (loss > 0): G is strictly decreasing, so bisection on [−40, 40]. */
export function inverseNormalLoss(loss: number): number {
  if (!(loss > 0)) throw new RangeError(`inverseNormalLoss: loss must be > 0, got ${loss}`);
  let lo = -40;
  let hi = 40;
  for (let i = 0; i < 200 && hi - lo > 1e-12; i++) {
    const mid = (lo + hi) / 2;
    if (normalLoss(mid) > loss) lo = mid;
    else hi = mid;
  }
  return (lo + hi) / 2;
}
