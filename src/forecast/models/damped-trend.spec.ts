import { dampedTrendForecast, fitDampedTrend } from './damped-trend';

describe('damped trend', () => {
  it('fits a straight line exactly with an undamped trend (φ = 1)', () => {
    const y = Array.from({ length: 30 }, (_, t) => 10 + 2 * t);
    const fit = fitDampedTrend(y, { phi: 1 });
    expect(fit.sse).toBeLessThan(1e-9);
    expect(fit.level).toBeCloseTo(68, 6);
    expect(dampedTrendForecast(fit, 3, 4).mean[2]).toBeCloseTo(74, 6);
  });

  it('extrapolates a line with a slope that dies out by φ', () => {
    const y = Array.from({ length: 30 }, (_, t) => 10 + 2 * t);
    const fit = fitDampedTrend(y);
    expect(fit.level).toBeCloseTo(68, 0);
    const { mean } = dampedTrendForecast(fit, 2, 5);
    expect(mean[0]).toBeCloseTo(fit.level + fit.phi * fit.slope, 9);
    expect(mean[1]).toBeCloseTo(fit.level + (fit.phi + fit.phi ** 2) * fit.slope, 9);
    expect(fit.phi).toBeGreaterThanOrEqual(0.8);
    expect(fit.phi).toBeLessThanOrEqual(0.98);
  });

  it('keeps the smoothing parameters in their bounds (0 < β < α < 1)', () => {
    const y = [5, 9, 4, 8, 12, 7, 10, 14, 9, 13, 11, 16, 12, 18, 15];
    const fit = fitDampedTrend(y);
    expect(fit.alpha).toBeGreaterThan(0);
    expect(fit.alpha).toBeLessThan(1);
    expect(fit.beta).toBeGreaterThan(0);
    expect(fit.beta).toBeLessThan(fit.alpha);
  });

  it('holds φ when it is fixed (Holt)', () => {
    const fit = fitDampedTrend([3, 5, 4, 7, 8, 7, 10, 11], { phi: 1 });
    expect(fit.phi).toBe(1);
  });

  it('grows the variance by (α + β(φ + … + φ^j))² per step', () => {
    const fit = { alpha: 0.5, beta: 0.2, phi: 0.9, level: 10, slope: 1, sse: 40, n: 15 };
    const { sd } = dampedTrendForecast(fit, 3, 5);
    const sigma = Math.sqrt(40 / 10);
    const c1 = 0.5 + 0.2 * 0.9;
    const c2 = 0.5 + 0.2 * (0.9 + 0.81);
    expect(sd[0]).toBeCloseTo(sigma, 12);
    expect(sd[1]).toBeCloseTo(sigma * Math.sqrt(1 + c1 * c1), 12);
    expect(sd[2]).toBeCloseTo(sigma * Math.sqrt(1 + c1 * c1 + c2 * c2), 12);
  });
});
