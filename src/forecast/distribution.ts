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
import { inverseNormalCdf } from '../common/normal';

/** Quantile p of a normal(mean, sd), truncated at 0 when `nonNegative`. */
export function truncatedNormalQuantile(mean: number, sd: number, p: number, nonNegative = true): number {
  const q = mean + inverseNormalCdf(p) * Math.max(0, sd);
  return nonNegative ? Math.max(0, q) : q;
}

/** Wilson–Hilferty approximation of a gamma quantile with the given mean and variance. */
export function gammaQuantile(mean: number, variance: number, p: number): number {
  if (mean <= 0) return 0;
  if (variance <= 0) return mean;
  const shape = (mean * mean) / variance;
  const scale = variance / mean;
  const z = inverseNormalCdf(p);
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
