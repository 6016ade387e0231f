import { fitSes, sesWith } from './ses';

describe('SES', () => {
  it('runs the recursion by hand with fixed α and l0', () => {
    // l0 = 10, α 0.5: errors 2, −3, 1.5 → levels 11, 9.5, 10.25
    const fit = sesWith([12, 8, 11], 0.5, 10);
    expect(fit.level).toBeCloseTo(10.25, 12);
    expect(fit.sse).toBeCloseTo(4 + 9 + 2.25, 12);
  });

  it('fits a constant series exactly', () => {
    const fit = fitSes(new Array(10).fill(7));
    expect(fit.level).toBeCloseTo(7, 9);
    expect(fit.sse).toBeCloseTo(0, 9);
  });

  it('finds an SSE no worse than any other α and l0 tried', () => {
    const y = [5, 9, 4, 8, 12, 7, 10, 14, 9, 13, 11, 16];
    const best = fitSes(y);
    for (const alpha of [0.01, 0.1, 0.3, 0.5, 0.7, 0.9, 0.9999]) {
      for (const l0 of [4, 6, 8, 10]) expect(best.sse).toBeLessThanOrEqual(sesWith(y, alpha, l0).sse + 1e-9);
    }
    expect(sesWith(y, best.alpha, best.initialLevel).level).toBeCloseTo(best.level, 9);
  });

  it('does not overflow on huge values', () => {
    const fit = fitSes([1e300, 1.2e300, 0.9e300, 1.1e300]);
    expect(Number.isFinite(fit.level)).toBe(true);
    expect(fit.level).toBeGreaterThan(0.8e300);
  });
});
