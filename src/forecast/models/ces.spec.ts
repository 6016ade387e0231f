import { cesForecast, cesModel, fitCes } from './ces';

describe('complex exponential smoothing (CES, no seasonality)', () => {
  it('forecasts by the level recursion with no error: a0 = 1, a1 = 0.5 from (10, 4) gives 10, 8, 3', () => {
    // ℓ' = ℓ − 0.5·c, c' = ℓ: (10, 4) → (8, 10) → (3, 8)
    const f = cesForecast({ a0: 1, a1: 0.5, level: 10, potential: 4, sse: 36, n: 7 }, 3);
    expect(f.mean).toEqual([10, 8, 3]);
    // σ = √(36 / (7 − 3)) = 3; ψ1 = a0 − a1 = 0.5, ψ2 = 0.5 − 0.5·(a0 + a1) = −0.25
    expect(f.sd[0]).toBeCloseTo(3, 12);
    expect(f.sd[1]).toBeCloseTo(3 * Math.sqrt(1.25), 12);
    expect(f.sd[2]).toBeCloseTo(3 * Math.sqrt(1.3125), 12);
  });

  it('keeps a constant series constant', () => {
    const f = cesModel.fit(new Array(30).fill(42), { season: 1 }).predict(5);
    f.mean.forEach((v) => expect(v).toBeCloseTo(42, 6));
  });

  it('follows a linear trend upwards, fitted parameters inside their bounds', () => {
    const y = Array.from({ length: 40 }, (_, t) => 100 + 2 * t);
    const fit = fitCes(y);
    expect(fit.a0).toBeGreaterThanOrEqual(0.01);
    expect(fit.a0).toBeLessThanOrEqual(1.8);
    expect(fit.a1).toBeGreaterThanOrEqual(0.01);
    expect(fit.a1).toBeLessThanOrEqual(1.9);
    const f = cesForecast(fit, 6).mean;
    expect(f[0]).toBeGreaterThan(y[39]);
    expect(f[5]).toBeGreaterThan(f[0]);
  });
});
