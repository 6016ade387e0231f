/**
 * Welch's unequal-variance t-test and the Student t distribution it needs, computed properly:
 * F(t; ν) through the regularized incomplete beta function I_x(a, b), evaluated with Lentz's
 * continued fraction (Numerical Recipes §6.4) and ln Γ by Lanczos (g = 7, 9 terms).
 *
 *   two-sided p = I_{ν/(ν+t²)}(ν/2, 1/2)
 *   F(t) = 1 − ½ I_{ν/(ν+t²)}(ν/2, 1/2) for t ≥ 0, and 1 − F(−t) below 0
 */

const LANCZOS = [
  0.99999999999980993, 676.5203681218851, -1259.1392167224028, 771.32342877765313, -176.61502916214059, 12.507343278686905, -0.13857109526572012,
  9.9843695780195716e-6, 1.5056327351493116e-7,
];

/** ln Γ(z) for z > 0. */
export function logGamma(z: number): number {
  if (z < 0.5) return Math.log(Math.PI / Math.sin(Math.PI * z)) - logGamma(1 - z);
  const x = z - 1;
  let a = LANCZOS[0];
  const t = x + 7.5;
  for (let i = 1; i < 9; i++) a += LANCZOS[i] / (x + i);
  return 0.5 * Math.log(2 * Math.PI) + (x + 0.5) * Math.log(t) - t + Math.log(a);
}

/** Continued fraction of I_x(a, b) (modified Lentz); converges fast for x < (a + 1)/(a + b + 2). */
function betaContinuedFraction(x: number, a: number, b: number): number {
  const tiny = 1e-300;
  let c = 1;
  let d = 1 - ((a + b) * x) / (a + 1);
  if (Math.abs(d) < tiny) d = tiny;
  d = 1 / d;
  let h = d;
  for (let m = 1; m <= 300; m++) {
    const m2 = 2 * m;
    let aa = (m * (b - m) * x) / ((a + m2 - 1) * (a + m2));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    h *= d * c;
    aa = (-(a + m) * (a + b + m) * x) / ((a + m2) * (a + m2 + 1));
    d = 1 + aa * d;
    if (Math.abs(d) < tiny) d = tiny;
    c = 1 + aa / c;
    if (Math.abs(c) < tiny) c = tiny;
    d = 1 / d;
    const delta = d * c;
    h *= delta;
    if (Math.abs(delta - 1) < 1e-15) break;
  }
  return h;
}

/** The regularized incomplete beta function I_x(a, b), 0 ≤ x ≤ 1, a, b > 0. */
export function regularizedIncompleteBeta(x: number, a: number, b: number): number {
  if (x <= 0) return 0;
  if (x >= 1) return 1;
  const front = Math.exp(logGamma(a + b) - logGamma(a) - logGamma(b) + a * Math.log(x) + b * Math.log(1 - x));
  // Use the symmetry I_x(a, b) = 1 − I_{1−x}(b, a) where the fraction converges faster.
  if (x < (a + 1) / (a + b + 2)) return (front * betaContinuedFraction(x, a, b)) / a;
  return 1 - (front * betaContinuedFraction(1 - x, b, a)) / b;
}

/** The Student t cumulative distribution function F(t; ν), ν > 0 (need not be an integer). */
export function studentTCdf(t: number, df: number): number {
  if (t === Infinity) return 1;
  if (t === -Infinity) return 0;
  const tail = 0.5 * regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return t >= 0 ? 1 - tail : tail;
}

export interface WelchResult {
  t: number;
  /** Welch–Satterthwaite degrees of freedom. */
  df: number;
  meanA: number;
  meanB: number;
  varianceA: number;
  varianceB: number;
  nA: number;
  nB: number;
  /** H1: mean A ≠ mean B. */
  pTwoSided: number;
  /** H1: mean A > mean B (A is "worse" when A holds errors). */
  pGreater: number;
}

function meanAndVariance(values: readonly number[]): { mean: number; variance: number } {
  const mean = values.reduce((s, v) => s + v, 0) / values.length;
  const variance = values.reduce((s, v) => s + (v - mean) ** 2, 0) / (values.length - 1);
  return { mean, variance };
}

/**
 * Welch's t-test of sample A against sample B (each at least 2 values):
 *   t = (x̄A − x̄B) / √(sA²/nA + sB²/nB),
 *   ν = (sA²/nA + sB²/nB)² / ((sA²/nA)²/(nA−1) + (sB²/nB)²/(nB−1)).
 * Both samples constant: t = 0 and p = 1 when the means agree, t = ±∞ and p = 0 otherwise.
 */
export function welchTTest(a: readonly number[], b: readonly number[]): WelchResult {
  if (a.length < 2 || b.length < 2) throw new RangeError(`Welch's t-test needs at least 2 values per sample (got ${a.length} and ${b.length})`);
  const A = meanAndVariance(a);
  const B = meanAndVariance(b);
  const va = A.variance / a.length;
  const vb = B.variance / b.length;
  const se2 = va + vb;
  const base = { meanA: A.mean, meanB: B.mean, varianceA: A.variance, varianceB: B.variance, nA: a.length, nB: b.length };
  if (se2 === 0) {
    const diff = A.mean - B.mean;
    const t = diff === 0 ? 0 : diff > 0 ? Infinity : -Infinity;
    return { ...base, t, df: a.length + b.length - 2, pTwoSided: diff === 0 ? 1 : 0, pGreater: diff > 0 ? 0 : diff === 0 ? 0.5 : 1 };
  }
  const t = (A.mean - B.mean) / Math.sqrt(se2);
  const df = (se2 * se2) / ((va * va) / (a.length - 1) + (vb * vb) / (b.length - 1));
  const pTwoSided = regularizedIncompleteBeta(df / (df + t * t), df / 2, 0.5);
  return { ...base, t, df, pTwoSided, pGreater: 1 - studentTCdf(t, df) };
}
