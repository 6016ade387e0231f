import { bias, coverage, mape, mase, pinballLoss, rmsse, seasonalDifferenceScale, smape, wape } from './metrics';
import { MetricsAccumulator } from './metrics-summary';

// One small case worked by hand: actual [10, 0, 20, 30], forecast [12, 1, 15, 30].
const actual = [10, 0, 20, 30];
const forecast = [12, 1, 15, 30];
// Training part [1, 2, 4, 7, 11], season 2: lag-2 differences 3, 5, 7.
const train = [1, 2, 4, 7, 11];

describe('metrics', () => {
  it('MAPE uses only non-zero actuals and counts the skipped ones', () => {
    // (20 % + 25 % + 0 %) / 3, the zero actual skipped.
    expect(mape(actual, forecast)).toEqual({ mapePercent: 15, skipped: 1 });
    expect(mape([0, 0], [1, 2])).toEqual({ mapePercent: null, skipped: 2 });
  });

  it('sMAPE follows the M3 definition and counts 0/0 as no error', () => {
    // 200·2/22 + 200·1/1 + 200·5/35 + 0, over 4 steps.
    expect(smape(actual, forecast)).toBeCloseTo((400 / 22 + 200 + 1000 / 35) / 4, 10);
    expect(smape([0, 0], [0, 0])).toBe(0);
  });

  it('WAPE is the absolute error over the absolute actuals', () => {
    expect(wape(actual, forecast)).toBeCloseTo((100 * 8) / 60, 10);
    expect(wape([0], [3])).toBeNull();
  });

  it('bias is the mean of forecast minus actual', () => {
    expect(bias(actual, forecast)).toBe(-0.5);
  });

  it('MASE scales the mean absolute error by the seasonal differences of the training part', () => {
    // MAE 2, scale (3 + 5 + 7) / 3 = 5.
    expect(mase(actual, forecast, train, 2)).toBeCloseTo(0.4, 12);
  });

  it('RMSSE scales the mean squared error by the mean squared seasonal difference', () => {
    // MSE (4 + 1 + 25 + 0) / 4 = 7.5; scale (9 + 25 + 49) / 3.
    expect(rmsse(actual, forecast, train, 2)).toBeCloseTo(Math.sqrt(7.5 / (83 / 3)), 12);
  });

  it('falls back to lag 1 when the seasonal scale is zero or the series is shorter than a season', () => {
    expect(seasonalDifferenceScale([1, 2, 1, 2], 2, 1)).toBe(1);
    expect(seasonalDifferenceScale([1, 3], 12, 1)).toBe(2);
  });

  it('returns null instead of Infinity for a constant training part', () => {
    expect(seasonalDifferenceScale([5, 5, 5], 1, 1)).toBeNull();
    expect(mase([5], [6], [5, 5, 5], 1)).toBeNull();
    expect(rmsse([5], [6], [5, 5, 5], 1)).toBeNull();
  });

  it('computes RMSSE for huge values whose squares would overflow', () => {
    const big = (values: number[]) => values.map((v) => v * 1e300);
    expect(rmsse(big(actual), big(forecast), big(train), 2)).toBeCloseTo(Math.sqrt(7.5 / (83 / 3)), 9);
  });

  it('pinball loss weights under- and over-forecasts by tau', () => {
    // y < q: 0.1·5; y > q: 0.9·5.
    expect(pinballLoss([10, 20], [15, 15], 0.9)).toBeCloseTo(2.5, 12);
    expect(() => pinballLoss([1], [1], 1)).toThrow(/tau/);
  });

  it('coverage is the share of actuals at or below the quantile', () => {
    expect(coverage([1, 2, 3, 4], [2, 2, 2, 5])).toBe(0.75);
  });

  it('rejects forecasts of the wrong length', () => {
    expect(() => smape([1, 2], [1])).toThrow(/2 values but forecast has 1/);
  });
});

describe('MetricsAccumulator', () => {
  it('averages scaled metrics over series and pools WAPE, bias and coverage', () => {
    const acc = new MetricsAccumulator(1);
    const q = (v: number[]) => ({ p50: v, p90: v, p95: v, p99: v });
    // Series A: train [0, 2] (scale 2), actual [4], forecast [2] → MASE 1, APE 50 %.
    acc.add({ train: [0, 2], actual: [4], forecast: [2], quantiles: q([5]) });
    // Series B: train [1, 1] (constant: no scale), actual [0, 2], forecast [1, 1].
    acc.add({ train: [1, 1], actual: [0, 2], forecast: [1, 1], quantiles: q([0, 1]) });
    const row = acc.summary();
    expect(row.series).toBe(2);
    expect(row.mase).toBe(1);
    expect(row.maseUndefined).toBe(1);
    expect(row.mapePercent).toBeCloseTo(50, 12); // (50 + 50) / 2 non-zero actuals
    expect(row.mapeSkipped).toBe(1);
    expect(row.wapePercent).toBeCloseTo((100 * 4) / 6, 12);
    expect(row.biasPercent).toBeCloseTo((100 * -2) / 6, 12);
    expect(row.coverageP90).toBeCloseTo(2 / 3, 12); // 4 ≤ 5, 0 ≤ 0, 2 > 1
  });
});
