import { calibrateForecast, fitQuantileLevel, totalStandardDeviation, DEFAULT_CALIBRATION, CalibrationSample, fitStepCorrelation, horizonTotalSample, fitPatternCalibration } from './calibration';
import { inverseNormalCdf } from '../common/normal';

/** Deterministic normal draws (inverse CDF of an evenly spread, shuffled grid). */
function normalGrid(count: number): number[] {
  return Array.from({ length: count }, (_, i) => inverseNormalCdf((i + 0.5) / count));
}

describe('calibration', () => {
  it('sums step sds with the assumed error correlation', () => {
    expect(totalStandardDeviation([3, 4], 0)).toBeCloseTo(5, 12);
    expect(totalStandardDeviation([3, 4], 1)).toBeCloseTo(7, 12);
  });

  it('keeps the nominal level for well-specified errors and raises it for errors twice as wide', () => {
    const noise = normalGrid(2000);
    const right: CalibrationSample[] = noise.map((e) => ({ actual: 100 + 5 * e, mean: 100, sd: 5 }));
    const tooNarrow: CalibrationSample[] = noise.map((e) => ({ actual: 100 + 10 * e, mean: 100, sd: 5 }));
    expect(fitQuantileLevel(right, 'normal', 0.9)).toBeCloseTo(0.9, 3);
    // Needs z' = 2·z(0.9) = 2.563 ⇒ τ' = Φ(2.563) ≈ 0.99481.
    expect(fitQuantileLevel(tooNarrow, 'normal', 0.9)).toBeCloseTo(0.99481, 3);
  });

  it('keeps quantiles ordered and non-negative, with the total over the horizon', () => {
    const result = calibrateForecast([1, 2, 0], [2, 2, 1], 'lumpy', DEFAULT_CALIBRATION);
    for (let i = 0; i < 3; i++) {
      expect(result.quantiles.p50[i]).toBeGreaterThanOrEqual(0);
      expect(result.quantiles.p90[i]).toBeGreaterThanOrEqual(result.quantiles.p50[i]);
      expect(result.quantiles.p95[i]).toBeGreaterThanOrEqual(result.quantiles.p90[i]);
      expect(result.quantiles.p99[i]).toBeGreaterThanOrEqual(result.quantiles.p95[i]);
    }
    expect(result.total.mean).toBe(3);
    expect(result.total.p99).toBeGreaterThan(result.total.p90);
  });

  it('gives all-zero quantiles for a zero forecast', () => {
    const result = calibrateForecast([0, 0], [0, 0], 'intermittent');
    expect(result.quantiles.p99).toEqual([0, 0]);
    expect(result.total.p99).toBe(0);
  });

  it('sums a held-out horizon into one total sample', () => {
    const total = horizonTotalSample({ actual: [1, 2], mean: [3, 4], sd: [3, 4] }, 0);
    expect(total.actual).toBe(3);
    expect(total.mean).toBe(7);
    expect(total.sd).toBeCloseTo(5, 12);
  });
});

describe('fitStepCorrelation', () => {
  it('is 1 when every step errs by the same number of sds', () => {
    // z = [1, 1]: (Σz)² − Σz² = 4 − 2 = 2 over (k − 1)·Σz² = 2.
    expect(fitStepCorrelation([{ actual: [11, 12], mean: [10, 10], sd: [1, 2] }])).toBeCloseTo(1, 12);
  });

  it('pools the cross products of all samples: z = [1, 1] and [1, 0] give 2/3', () => {
    // cross 2 + 0, scale 2 + 1.
    const rho = fitStepCorrelation([
      { actual: [1, 1], mean: [0, 0], sd: [1, 1] },
      { actual: [1, 0], mean: [0, 0], sd: [1, 1] },
    ]);
    expect(rho).toBeCloseTo(2 / 3, 12);
  });

  it('clamps errors that cancel over the horizon to 0', () => {
    expect(fitStepCorrelation([{ actual: [1, -1], mean: [0, 0], sd: [1, 1] }])).toBe(0);
  });

  it('leaves out steps with no spread and samples with fewer than two steps left', () => {
    // The second step (σ = 0) is skipped: k = 2 over steps 1 and 3, z = [2, 2] → 1; the
    // one-step sample adds nothing.
    const rho = fitStepCorrelation([
      { actual: [2, 5, 2], mean: [0, 0, 0], sd: [1, 0, 1] },
      { actual: [3], mean: [0], sd: [1] },
    ]);
    expect(rho).toBeCloseTo(1, 12);
    expect(fitStepCorrelation([{ actual: [3], mean: [0], sd: [1] }])).toBe(0);
  });
});

describe('fitPatternCalibration', () => {
  it('fits step and total levels on the same held-out forecasts, in order, with the given correlation', () => {
    // Steps z ∈ {−1, 0, 1}: the smallest level covering 90 % of the steps covers z = 1, τ' = Φ(1) ≈ 0.84134.
    const noise = [-1, 0, 1];
    const samples = noise.flatMap((a) => noise.map((b) => ({ actual: [10 + a, 10 + b], mean: [10, 10], sd: [1, 1] })));
    const fit = fitPatternCalibration(samples, 'normal', 0);
    expect(fit.stepCorrelation).toBe(0);
    expect(fit.stepLevel.p90).toBeCloseTo(0.84134, 4);
    expect(fit.stepLevel.p95).toBeCloseTo(0.84134, 4);
    // Totals: errors a + b ∈ {−2 … 2}, sd √2; the largest (2, one sample in 9) needs Φ(2/√2) ≈ 0.92135 for 100 %
    // and 8/9 < 0.9 otherwise, so p90 is 0.92135 too.
    expect(fit.totalLevel.p90).toBeCloseTo(0.92135, 4);
    expect(fit.totalLevel.p99).toBeGreaterThanOrEqual(fit.totalLevel.p95);
  });
});
