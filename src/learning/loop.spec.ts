import { DEFAULT_CALIBRATION } from '../forecast/calibration';
import { adjustedHistoryAt, calibrationSamplesByPattern, changeWeekOf, horizonSamplesByPattern, levelAdjustmentFor, RealizedStep } from './loop';

describe('changeWeekOf', () => {
  it('finds the week the one-step errors jump', () => {
    // Errors 0 for 6 weeks, then 50 for 4: the split between index 5 and 6 maximises n₁n₂/n·Δ².
    const errors = [0, 0, 0, 0, 0, 0, 50, 50, 50, 50].map((error, i) => ({ weekStart: `w${i}`, error }));
    expect(changeWeekOf(errors)).toBe('w6');
  });

  it('needs at least two weeks on each side', () => {
    expect(changeWeekOf([{ weekStart: 'a', error: 1 }, { weekStart: 'b', error: 2 }, { weekStart: 'c', error: 3 }])).toBeNull();
  });
});

describe('levelAdjustmentFor', () => {
  it('doubles the level when the actuals since the change are twice the counterfactual, well beyond noise', () => {
    // Σa = 400, Σf = 200 → r = 2; z = 200 / √(4 · 10²) = 10.
    const v = levelAdjustmentFor([100, 100, 100, 100], [50, 50, 50, 50], [10, 10, 10, 10]);
    expect(v).toEqual({ ratio: 2, z: 10, weeks: 4, adjust: true });
  });

  it('does not adjust a material ratio that is within noise', () => {
    // r = 2 but z = 100 / √(2 · 60²) ≈ 1.18 < 3.
    const v = levelAdjustmentFor([100, 100], [50, 50], [60, 60]);
    expect(v.ratio).toBe(2);
    expect(v.z).toBeCloseTo(100 / Math.sqrt(7200), 12);
    expect(v.adjust).toBe(false);
  });

  it('takes the level a ramp settled at: doubling over 3 weeks gives 2, not Σ actual / Σ forecast = 1.75', () => {
    // 400, 500, 600, 600 against 300 (σ 30): settledLevelRatio fits a 3-week ramp to 2 (level-shift.spec.ts);
    // z = (2100 − 1200) / √(4 · 30²) = 900 / 60 = 15.
    const v = levelAdjustmentFor([400, 500, 600, 600], [300, 300, 300, 300], [30, 30, 30, 30]);
    expect(v.ratio).toBeCloseTo(2, 12);
    expect(v.z).toBe(15);
    expect(v.adjust).toBe(true);
  });

  it('does not adjust a small ratio however sure: 1.2 < 1.5', () => {
    expect(levelAdjustmentFor([120, 120], [100, 100], [1, 1]).adjust).toBe(false);
  });

  it('without weeks: no adjustment', () => {
    expect(levelAdjustmentFor([], [], [])).toEqual({ ratio: 1, z: 0, weeks: 0, adjust: false });
  });
});

describe('adjustedHistoryAt', () => {
  it('scales the weeks before the change week, located from the last week', () => {
    // History of 5 weeks ending 2026-02-02: weeks 01-05, 01-12, 01-19, 01-26, 02-02; change 01-26 → index 3.
    expect(adjustedHistoryAt([10, 10, 10, 20, 20], '2026-02-02', '2026-01-26', 2)).toEqual([20, 20, 20, 20, 20]);
  });

  it('leaves the history alone when the change is at or before its first week', () => {
    expect(adjustedHistoryAt([10, 20], '2026-02-02', '2026-01-26', 2)).toEqual([10, 20]);
    expect(adjustedHistoryAt([10, 20], '2026-02-02', '2025-01-05', 2)).toEqual([10, 20]);
  });

  it('scales the whole history when the change week is after it (not expected, but bounded)', () => {
    expect(adjustedHistoryAt([10, 20], '2026-02-02', '2026-02-16', 3)).toEqual([30, 60]);
  });
});

describe('calibrationSamplesByPattern', () => {
  it('groups by pattern and leaves out unknown patterns and non-finite numbers', () => {
    const out = calibrationSamplesByPattern([
      { pattern: 'smooth', actual: 10, mean: 9, sd: 2 },
      { pattern: 'smooth', actual: 11, mean: 9, sd: 2 },
      { pattern: 'lumpy', actual: 0, mean: 1, sd: 3 },
      { pattern: 'cold-start', actual: 5, mean: 5, sd: 1 },
      { pattern: 'erratic', actual: Number.NaN, mean: 5, sd: 1 },
    ]);
    expect(out).toEqual({ smooth: [{ actual: 10, mean: 9, sd: 2 }, { actual: 11, mean: 9, sd: 2 }], lumpy: [{ actual: 0, mean: 1, sd: 3 }] });
    expect(Object.keys(DEFAULT_CALIBRATION)).not.toContain('cold-start');
  });
});

describe('horizonSamplesByPattern', () => {
  const step = (runId: string, itemId: string, horizonStep: number, actual: number, pattern = 'smooth'): RealizedStep => ({ runId, itemId, pattern, horizonStep, actual, mean: 10 * horizonStep, sd: [1, 2] });

  it('puts the weeks of one forecast back together in step order, one sample per run and SKU', () => {
    const out = horizonSamplesByPattern([step('r1', 'a', 2, 7), step('r1', 'a', 1, 5), step('r1', 'b', 1, 3, 'lumpy'), step('r1', 'b', 2, 4, 'lumpy')]);
    expect(out).toEqual({
      smooth: [{ actual: [5, 7], mean: [10, 20], sd: [1, 2] }],
      lumpy: [{ actual: [3, 4], mean: [10, 20], sd: [1, 2] }],
    });
  });

  it('skips a forecast with a week missing, an unknown pattern or a non-finite number', () => {
    const out = horizonSamplesByPattern([
      step('r1', 'a', 1, 5), // week 2 not realized
      step('r2', 'a', 1, 5, 'cold-start'),
      step('r2', 'a', 2, 5, 'cold-start'),
      step('r3', 'a', 1, Number.NaN),
      step('r3', 'a', 2, 5),
    ]);
    expect(out).toEqual({});
  });
});
