import { DEFAULT_CALIBRATION, familyQuantile } from '../forecast/calibration';
import { learnedCalibration } from './interval-learning';

describe('learnedCalibration', () => {
  // Smooth demand is read from a normal N(μ, σ) truncated at 0; with μ = 100, σ = 10 the truncation is negligible.
  const sample = (z: number) => ({ actual: 100 + 10 * z, mean: 100, sd: 10 });

  it('keeps the offline levels until a pattern has enough realized forecasts', () => {
    const few = Array.from({ length: 9 }, (_, i) => sample(i));
    expect(learnedCalibration(DEFAULT_CALIBRATION, { smooth: few }, 10)).toEqual(DEFAULT_CALIBRATION);
  });

  it('learns the smallest level that covers the nominal share of the realized actuals', () => {
    // 100 realized forecasts whose standardised errors are 0.00, 0.03, …, 2.97 (z = 0.03·i):
    // p90 must cover 90 of them, i.e. z ≥ 0.03·89 = 2.67 → τ' = Φ(2.67) ≈ 0.99621;
    // p95 → z ≥ 2.82 → Φ(2.82) ≈ 0.99760; p99 → z ≥ 2.94 → Φ(2.94) ≈ 0.99836.
    const samples = Array.from({ length: 100 }, (_, i) => sample(0.03 * i));
    const table = learnedCalibration(DEFAULT_CALIBRATION, { smooth: samples }, 100);
    expect(table.smooth.stepLevel.p90).toBeCloseTo(0.99621, 4);
    expect(table.smooth.stepLevel.p95).toBeCloseTo(0.9976, 4);
    expect(table.smooth.stepLevel.p99).toBeCloseTo(0.99836, 4);
    // Coverage, not only order: the learned p90 covers exactly 90 of the 100.
    const q = (s: { mean: number; sd: number }) => familyQuantile('normal', s.mean, s.sd, table.smooth.stepLevel.p90);
    expect(samples.filter((s) => s.actual <= q(s)).length).toBe(90);
    // Other patterns and the totals are left alone.
    expect(table.erratic).toBe(DEFAULT_CALIBRATION.erratic);
    expect(table.smooth.totalLevel).toEqual(DEFAULT_CALIBRATION.smooth.totalLevel);
  });

  it('narrows intervals that over-cover: all actuals at the mean → the lowest level', () => {
    const samples = Array.from({ length: 50 }, () => sample(0));
    expect(learnedCalibration(DEFAULT_CALIBRATION, { smooth: samples }, 50).smooth.stepLevel.p90).toBe(0.5);
  });
});

describe('learnedCalibration of the horizon totals', () => {
  // A 4-week horizon with σ = 5 a week and the smooth pattern's step correlation ρ: the total's sd
  // is 5·√(4 + 12ρ) (totalStandardDeviation with equal sds).
  const rho = DEFAULT_CALIBRATION.smooth.stepCorrelation;
  const totalSd = 5 * Math.sqrt(4 + 12 * rho);
  const horizon = (z: number) => ({ actual: [100, 100, 100, 100 + z * totalSd], mean: [100, 100, 100, 100], sd: [5, 5, 5, 5] });

  it('keeps the offline total levels until a pattern has enough realized horizons', () => {
    const few = Array.from({ length: 9 }, (_, i) => horizon(i));
    const table = learnedCalibration(DEFAULT_CALIBRATION, {}, 10, { smooth: few });
    expect(table).toEqual(DEFAULT_CALIBRATION);
  });

  it('learns the total levels from realized horizons, the steps’ levels untouched', () => {
    // Total errors 0.00, 0.03, …, 2.97 total sds: p90 must cover 90 → z ≥ 2.67 → Φ(2.67) ≈ 0.99621.
    const horizons = Array.from({ length: 100 }, (_, i) => horizon(0.03 * i));
    const table = learnedCalibration(DEFAULT_CALIBRATION, {}, 100, { smooth: horizons });
    expect(table.smooth.totalLevel.p90).toBeCloseTo(0.99621, 4);
    expect(table.smooth.totalLevel.p95).toBeCloseTo(0.9976, 4);
    expect(table.smooth.stepLevel).toEqual(DEFAULT_CALIBRATION.smooth.stepLevel);
    expect(table.smooth.stepCorrelation).toBe(rho);
    // Coverage of the realized totals, not only the level: exactly 90 of the 100.
    const q = familyQuantile('normal', 400, totalSd, table.smooth.totalLevel.p90);
    expect(horizons.filter((h) => h.actual.reduce((a, b) => a + b, 0) <= q).length).toBe(90);
    expect(table.erratic).toBe(DEFAULT_CALIBRATION.erratic);
  });
});
