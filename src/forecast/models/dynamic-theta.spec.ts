import { dotmForecast, dotmPass, dynamicThetaModel, fitDotm } from './dynamic-theta';

/** The DOTM recursion written out directly, for a given ℓ0; errors count from t = 3. */
function directSse(y: number[], alpha: number, theta: number, level0: number): number {
  let level = level0;
  let sse = 0;
  let a = 0;
  let b = 0;
  for (let i = 0; i < y.length; i++) {
    const t = i + 1;
    const mu = level + (1 - 1 / theta) * (Math.pow(1 - alpha, t - 1) * a + ((1 - Math.pow(1 - alpha, t)) / alpha) * b);
    if (t >= 3) sse += (y[i] - mu) ** 2;
    level = alpha * y[i] + (1 - alpha) * level;
    // OLS of y(1..t) on 1..t
    const ts = Array.from({ length: t }, (_, k) => k + 1);
    const meanT = (t + 1) / 2;
    const meanY = y.slice(0, t).reduce((s, v) => s + v, 0) / t;
    const sxx = ts.reduce((s, k) => s + (k - meanT) ** 2, 0);
    b = sxx > 0 ? ts.reduce((s, k, j) => s + (k - meanT) * (y[j] - meanY), 0) / sxx : 0;
    a = meanY - b * meanT;
  }
  return sse;
}

describe('dynamic optimised theta (DOTM)', () => {
  const y = [12, 15, 11, 18, 16, 14, 19, 17, 21, 18, 22, 20, 24, 19, 23];

  it('concentrates ℓ0 out exactly: its SSE equals the direct recursion at that ℓ0, and no other ℓ0 does better', () => {
    const p = dotmPass(y, 0.3, 2.5);
    expect(p.sse).toBeCloseTo(directSse(y, 0.3, 2.5, p.level0), 8);
    for (const delta of [-1, -0.1, 0.1, 1]) expect(directSse(y, 0.3, 2.5, p.level0 + delta)).toBeGreaterThan(p.sse);
  });

  it('keeps α in (0, 1) and θ ≥ 1', () => {
    const fit = fitDotm(y);
    expect(fit.alpha).toBeGreaterThan(0);
    expect(fit.alpha).toBeLessThan(1);
    expect(fit.theta).toBeGreaterThanOrEqual(1);
  });

  it('reduces to a flat SES forecast when θ = 1', () => {
    const fit = { alpha: 0.4, theta: 1, level: 20, intercept: 10, slope: 1, sse: 10, n: 15 };
    expect(dotmForecast(fit, 3).mean).toEqual([20, 20, 20]);
  });

  it('continues a linear trend', () => {
    const line = Array.from({ length: 24 }, (_, t) => 100 + 5 * t);
    const f = dynamicThetaModel.fit(line, { season: 1 }).predict(3);
    expect(f.mean[0]).toBeGreaterThan(215);
    expect(f.mean[2]).toBeGreaterThan(f.mean[0]);
  });
});
