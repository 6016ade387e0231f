import { gammaCdf, gammaFromMoments, gammaLoss, gammaQuantile, regularizedGamma } from './gamma';

describe('gamma distribution', () => {
  it('regularized gamma matches closed forms on both sides of a + 1', () => {
    for (const x of [0.3, 2, 7, 30]) {
      expect(regularizedGamma(1, x).lower).toBeCloseTo(1 - Math.exp(-x), 13);
      expect(regularizedGamma(2, x).upper).toBeCloseTo(Math.exp(-x) * (1 + x), 13);
    }
    expect(regularizedGamma(3, 0).lower).toBe(0);
  });

  it('quantiles: exponential, chi-square and the small-shape tail', () => {
    expect(gammaQuantile(0.95, { shape: 1, scale: 10 })).toBeCloseTo(-10 * Math.log(0.05), 9);
    expect(gammaQuantile(0.95, { shape: 5, scale: 2 })).toBeCloseTo(18.307038053275146, 8); // χ²(10)
    expect(gammaQuantile(0.99, { shape: 0.5, scale: 2 })).toBeCloseTo(6.634896601021214, 8); // χ²(1)
    for (const shape of [0.05, 0.3, 1.7, 40, 900]) {
      for (const p of [0.1, 0.5, 0.9, 0.99]) {
        const q = gammaQuantile(p, { shape, scale: 3 });
        expect(Math.abs(gammaCdf(q, { shape, scale: 3 }) - p)).toBeLessThan(1e-10);
      }
    }
  });

  it('stays monotone in p for tiny shapes (intermittent demand over a short period)', () => {
    const g = { shape: 1e-4, scale: 1000 };
    const quantiles = [0.5, 0.9, 0.99, 0.999, 0.9999].map((p) => gammaQuantile(p, g));
    for (let i = 1; i < quantiles.length; i++) expect(quantiles[i]).toBeGreaterThanOrEqual(quantiles[i - 1]);
    expect(Math.abs(gammaCdf(quantiles[4], g) - 0.9999)).toBeLessThan(1e-9);
  });

  it('tends to the normal quantile for very large shapes', () => {
    const g = gammaFromMoments(1e6, 1e6); // shape 1e6, sd 1000
    expect(gammaQuantile(0.95, g)).toBeCloseTo(1e6 + 1.6448536 * 1000 + (1.6448536 ** 2 - 1) / 3, 0);
  });

  it('fits shape and scale to moments', () => {
    expect(gammaFromMoments(10, 50)).toEqual({ shape: 2, scale: 5 });
    expect(() => gammaFromMoments(0, 1)).toThrow(RangeError);
  });

  it('loss E[(X − s)⁺]: exponential closed form θ·e^(−s/θ), and the mean at s = 0', () => {
    expect(gammaLoss(7, { shape: 1, scale: 4 })).toBeCloseTo(4 * Math.exp(-7 / 4), 12);
    expect(gammaLoss(0, { shape: 3, scale: 2 })).toBeCloseTo(6, 12);
  });
});
