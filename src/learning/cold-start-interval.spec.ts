import { coldStartDistribution } from './cold-start-interval';

describe('coldStartDistribution', () => {
  it('puts weekly quantiles at mean + z·σ and adds the weeks’ σ for the total (one shared level error)', () => {
    // 20 a week, σ 10, 4 weeks: p90 = 20 + 1.2816·10 = 32.816; total 80, σ 40, p95 = 80 + 1.6449·40 = 145.79.
    const d = coldStartDistribution([20, 20, 20, 20], [10, 10, 10, 10]);
    expect(d.quantiles.p50[0]).toBeCloseTo(20, 6);
    expect(d.quantiles.p90[0]).toBeCloseTo(32.816, 2);
    expect(d.quantiles.p99[3]).toBeCloseTo(43.263, 2);
    expect(d.total.mean).toBe(80);
    expect(d.total.sd).toBe(40);
    expect(d.total.p95).toBeCloseTo(145.79, 1);
  });

  it('cuts quantiles at zero', () => {
    const d = coldStartDistribution([1], [10]);
    expect(d.quantiles.p50[0]).toBe(1);
    expect(coldStartDistribution([-1], [0.1]).quantiles.p50[0]).toBe(0);
  });
});
