import { demandFeatureLayout } from './feature-layout';
import { demandScale, writeDemandFeatures } from './demand-features';
import { intermittencyStats } from './intermittency';

function featureRow(season: number, y: number[], end: number, step: number, position?: number): Record<string, number> {
  const layout = demandFeatureLayout(season);
  const out = new Float64Array(layout.names.length + 1).fill(-12345);
  const scale = demandScale(y, end, layout.scaleWindow);
  writeDemandFeatures(layout, { y, end, step, scale, seasonPositionOfLast: position }, out, 0);
  expect(out[layout.names.length]).toBe(-12345); // nothing written past the row
  const row: Record<string, number> = {};
  layout.names.forEach((name, i) => (row[name] = out[i]));
  return row;
}

describe('demandFeatureLayout', () => {
  it('uses weekly lags, windows and a 52.18-week Fourier period for season 52', () => {
    const layout = demandFeatureLayout(52);
    expect(layout.lags).toEqual([1, 2, 3, 4, 8, 12, 52]);
    expect(layout.windows).toEqual([4, 8, 13, 26, 52]);
    expect(layout.fourierPeriod).toBeCloseTo(52.18, 2);
    expect(layout.names).toContain('sin_2');
  });

  it('derives monthly lags and windows from season 12', () => {
    const layout = demandFeatureLayout(12);
    expect(layout.lags).toEqual([1, 2, 3, 4, 6, 12, 24]);
    expect(layout.windows).toEqual([3, 6, 12, 24]);
    expect(layout.fourierPeriod).toBe(12);
  });

  it('has no seasonal or Fourier features without a season', () => {
    const layout = demandFeatureLayout(1);
    expect(layout.names.some((n) => n.startsWith('sin') || n.startsWith('same_phase'))).toBe(false);
  });
});

describe('writeDemandFeatures', () => {
  const trend = Array.from({ length: 60 }, (_, i) => i + 1); // 1..60

  it('scales lags and rolling statistics by the mean of the last season', () => {
    const row = featureRow(12, trend, 60, 1);
    const scale = (49 + 60) / 2; // mean of 49..60
    expect(row.lag_1).toBeCloseTo(60 / scale, 12);
    expect(row.lag_24).toBeCloseTo(37 / scale, 12); // y[36] = 37
    expect(row.mean_3).toBeCloseTo(59 / scale, 12);
    expect(row.sd_3).toBeCloseTo(1 / scale, 12); // sd of 58, 59, 60
    expect(row.slope).toBeCloseTo(1 / scale, 12);
    expect(row.log_scale).toBeCloseTo(Math.log1p(scale), 12);
    expect(row.history_length).toBe(60);
  });

  it('marks what the history cannot give as NaN', () => {
    const row = featureRow(12, trend, 14, 1);
    expect(row.lag_12).toBeCloseTo(3 / ((3 + 14) / 2), 12);
    expect(row.lag_24).toBeNaN();
    expect(row.mean_24).toBeNaN();
    expect(row.same_phase_2).toBeNaN();
    expect(row.sin_1).toBeNaN(); // calendar unknown
  });

  it('takes the same phase of the target from the last known seasons', () => {
    const row = featureRow(12, trend, 60, 13);
    const scale = (49 + 60) / 2;
    // target index 72 → known same-phase values at 48 and 36 (1-based values 49 and 37)
    expect(row.same_phase_1).toBeCloseTo(49 / scale, 12);
    expect(row.same_phase_2).toBeCloseTo(37 / scale, 12);
    expect(row.same_phase_mean).toBeCloseTo((49 + 37 + 25) / 3 / scale, 12);
    expect(row.step).toBe(13);
  });

  it('gives Fourier terms of the target phase when the calendar is known', () => {
    const row = featureRow(12, trend, 60, 1, 11); // last observation in December → target January
    expect(row.sin_1).toBeCloseTo(0, 12);
    expect(row.cos_1).toBeCloseTo(1, 12);
    const march = featureRow(12, trend, 60, 3, 11); // phase 2
    expect(march.sin_1).toBeCloseTo(Math.sin((2 * Math.PI * 2) / 12), 12);
  });
});

describe('demandScale', () => {
  it('falls back to older history, then to 1, when recent demand is all zero', () => {
    expect(demandScale([4, 0, 0, 0], 4, 2)).toBeCloseTo(2, 12);
    expect(demandScale([0, 0, 0], 3, 2)).toBe(1);
  });
});

describe('intermittencyStats', () => {
  it('computes zero share, ADI, CV² and periods since demand by hand', () => {
    const stats = intermittencyStats([0, 0, 3, 0, 5, 0], 6, 52);
    expect(stats.zeroShare).toBeCloseTo(4 / 6, 12);
    expect(stats.adi).toBeCloseTo(3, 12);
    expect(stats.cv2).toBeCloseTo(1 / 16, 12); // sizes 3 and 5: variance 1, mean 4
    expect(stats.periodsSinceDemand).toBe(1);
  });

  it('handles a history without any demand', () => {
    const stats = intermittencyStats([0, 0, 0], 3, 52);
    expect(stats.zeroShare).toBe(1);
    expect(stats.adi).toBeNaN();
    expect(stats.periodsSinceDemand).toBe(4);
  });
});
