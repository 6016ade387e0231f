import { gammaQuantile, negativeBinomialQuantile, truncatedNormalQuantile } from './distribution';

describe('distribution quantiles', () => {
  it('truncates normal quantiles of demand at 0', () => {
    expect(truncatedNormalQuantile(1, 10, 0.5)).toBe(1);
    expect(truncatedNormalQuantile(1, 10, 0.1)).toBe(0);
    expect(truncatedNormalQuantile(1, 10, 0.1, false)).toBeLessThan(0);
  });

  it('gives the Poisson quantile when the variance equals the mean', () => {
    // Poisson(2): P(X ≤ 3) = 0.857, P(X ≤ 4) = 0.947.
    expect(negativeBinomialQuantile(2, 2, 0.9)).toBe(4);
    expect(negativeBinomialQuantile(2, 2, 0.85)).toBe(3);
  });

  it('gives the negative binomial quantile for over-dispersed demand', () => {
    // Mean 2, variance 4 ⇒ r = 2, π = 0.5, P(X = k) = (k + 1)/2^(k+2): P(X ≤ 4) = 0.8906, P(X ≤ 5) = 0.9375.
    expect(negativeBinomialQuantile(2, 4, 0.89)).toBe(4);
    expect(negativeBinomialQuantile(2, 4, 0.9)).toBe(5);
    expect(negativeBinomialQuantile(0, 4, 0.99)).toBe(0);
  });

  it('approximates a gamma quantile for large means', () => {
    // Shape 100: nearly normal, mean 1000, sd 100.
    expect(gammaQuantile(1000, 10000, 0.5)).toBeCloseTo(1000 - 100 / 3 / 10, 0);
    expect(negativeBinomialQuantile(1e6, 1e8, 0.9)).toBeGreaterThan(1e6 + 1.2e4);
  });
});
