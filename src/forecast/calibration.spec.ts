import { calibrateForecast, fitQuantileLevel, totalStandardDeviation, DEFAULT_CALIBRATION, CalibrationSample } from './calibration';
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
});
