import { coldStartDistribution, unitT4Quantile } from './cold-start-interval';

describe('unitT4Quantile', () => {
  it('is Student t₄ (tables: 1.5332, 2.1318, 3.7469) over √2, symmetric', () => {
    expect(unitT4Quantile(0.9)).toBeCloseTo(1.5332 / Math.SQRT2, 4);
    expect(unitT4Quantile(0.95)).toBeCloseTo(2.1318 / Math.SQRT2, 4);
    expect(unitT4Quantile(0.99)).toBeCloseTo(3.7469 / Math.SQRT2, 4);
    expect(unitT4Quantile(0.5)).toBe(0);
    expect(unitT4Quantile(0.1)).toBeCloseTo(-unitT4Quantile(0.9), 12);
  });
});

describe('coldStartDistribution', () => {
  it('puts weekly quantiles at mean + z·σ (t₄ tails by default) and adds the weeks’ σ for the total', () => {
    // 20 a week, σ 10: p90 = 20 + 1.0841·10 = 30.841, p99 = 20 + 2.6495·10 = 46.495;
    // total 80, σ 40, p95 = 80 + 1.5074·40 = 140.30.
    const d = coldStartDistribution([20, 20, 20, 20], [10, 10, 10, 10]);
    expect(d.quantiles.p50[0]).toBeCloseTo(20, 6);
    expect(d.quantiles.p90[0]).toBeCloseTo(30.841, 2);
    expect(d.quantiles.p99[3]).toBeCloseTo(46.495, 2);
    expect(d.total.mean).toBe(80);
    expect(d.total.sd).toBe(40);
    expect(d.total.p95).toBeCloseTo(140.3, 1);
  });

  it('keeps normal quantiles on request', () => {
    // p90 = 20 + 1.2816·10 = 32.816; p99 = 20 + 2.3263·10 = 43.263; total p95 = 80 + 1.6449·40 = 145.79.
    const d = coldStartDistribution([20, 20, 20, 20], [10, 10, 10, 10], 'normal');
    expect(d.quantiles.p90[0]).toBeCloseTo(32.816, 2);
    expect(d.quantiles.p99[3]).toBeCloseTo(43.263, 2);
    expect(d.total.p95).toBeCloseTo(145.79, 1);
  });

  it('cuts quantiles at zero', () => {
    const d = coldStartDistribution([1], [10]);
    expect(d.quantiles.p50[0]).toBe(1);
    expect(coldStartDistribution([-1], [0.1]).quantiles.p50[0]).toBe(0);
  });
});
