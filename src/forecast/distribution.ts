/**
 * Quantiles of the forecast distributions the ensemble uses, from a mean and a standard deviation.
 *
 * - normal, truncated at 0 for demand (the quantile is max(0, μ + zσ));
 * - negative binomial with that mean and variance (Poisson when the variance is ≤ the mean): a
 *   count distribution with mass at 0, the usual model of intermittent demand (compound-Poisson
 *   family; Syntetos & Boylan 2006, Snyder et al. 2012). Its quantile is the smallest count k with
 *   P(X ≤ k) ≥ p, found by summing the pmf; for large means, where summing would be slow, the
 *   Wilson–Hilferty gamma approximation with the same mean and variance is used instead.
 */

/** Inverse of the standard normal CDF (Acklam's rational approximation, |error| < 1.2e-9). */
export function normalQuantile(p: number): number {
  if (!(p > 0 && p < 1)) throw new Error(`normalQuantile needs 0 < p < 1, got ${p}`);
  const a = [-3.969683028665376e1, 2.209460984245205e2, -2.759285104469687e2, 1.38357751867269e2, -3.066479806614716e1, 2.506628277459239];
  const b = [-5.447609879822406e1, 1.615858368580409e2, -1.556989798598866e2, 6.680131188771972e1, -1.328068155288572e1];
  const c = [-7.784894002430293e-3, -3.223964580411365e-1, -2.400758277161838, -2.549732539343734, 4.374664141464968, 2.938163982698783];
  const d = [7.784695709041462e-3, 3.224671290700398e-1, 2.445134137142996, 3.754408661907416];
  const low = 0.02425;
  if (p < low) {
    const q = Math.sqrt(-2 * Math.log(p));
    return (((((c[0] * q + c[1]) * q + c[2]) * q + c[3]) * q + c[4]) * q + c[5]) / ((((d[0] * q + d[1]) * q + d[2]) * q + d[3]) * q + 1);
  }
  if (p > 1 - low) return -normalQuantile(1 - p);
  const q = p - 0.5;
  const r = q * q;
  return ((((((a[0] * r + a[1]) * r + a[2]) * r + a[3]) * r + a[4]) * r + a[5]) * q) / (((((b[0] * r + b[1]) * r + b[2]) * r + b[3]) * r + b[4]) * r + 1);
}

/** Quantile p of a normal(mean, sd), truncated at 0 when `nonNegative`. */
export function truncatedNormalQuantile(mean: number, sd: number, p: number, nonNegative = true): number {
  const q = mean + normalQuantile(p) * Math.max(0, sd);
  return nonNegative ? Math.max(0, q) : q;
}

/** Wilson–Hilferty approximation of a gamma quantile with the given mean and variance. */
export function gammaQuantile(mean: number, variance: number, p: number): number {
  if (mean <= 0) return 0;
  if (variance <= 0) return mean;
  const shape = (mean * mean) / variance;
  const scale = variance / mean;
  const z = normalQuantile(p);
  const t = 1 - 1 / (9 * shape) + z * Math.sqrt(1 / (9 * shape));
  return Math.max(0, shape * scale * t * t * t);
}

/** Beyond this many pmf terms the gamma approximation is used (means in the thousands). */
const MAX_PMF_TERMS = 4000;

/**
 * Quantile p of the negative binomial with the given mean and variance (Poisson when variance ≤
 * mean). Returns an integer count.
 */
export function negativeBinomialQuantile(mean: number, variance: number, p: number): number {
  if (!(mean > 0)) return 0;
  const sd = Math.sqrt(Math.max(variance, mean));
  if (mean + 8 * sd > MAX_PMF_TERMS) return Math.ceil(gammaQuantile(mean, Math.max(variance, mean), p));
  let pmf: number;
  let next: (k: number, current: number) => number;
  if (variance <= mean * (1 + 1e-9)) {
    pmf = Math.exp(-mean);
    next = (k, current) => (current * mean) / (k + 1);
  } else {
    // NB(r, π): mean = r(1−π)/π, variance = mean/π ⇒ π = mean/variance, r = mean·π/(1−π).
    const success = mean / variance;
    const r = (mean * success) / (1 - success);
    pmf = Math.exp(r * Math.log(success));
    next = (k, current) => (current * (k + r) * (1 - success)) / (k + 1);
  }
  if (!(pmf > 0)) return Math.ceil(gammaQuantile(mean, Math.max(variance, mean), p)); // underflow
  let cdf = pmf;
  let k = 0;
  while (cdf < p && k < MAX_PMF_TERMS) {
    pmf = next(k, pmf);
    k++;
    cdf += pmf;
  }
  return k;
}
