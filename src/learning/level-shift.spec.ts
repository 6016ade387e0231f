import { estimateChangePoint, forecastRatio, keepAdjustment, LEVEL_SHIFT_PATTERNS, RAMP_MIN_CHI2_GAIN, settledLevelRatio, shiftZ, levelAdjustedHistory, levelRatio, shouldAdjust } from './level-shift';

describe('estimateChangePoint', () => {
  it('finds the split with the largest n₁·n₂/n·(x̄₂ − x̄₁)² (by hand on six values)', () => {
    // [10, 10, 10, 10, 25, 25]: split k = 4 → 4·2/6 · 15² = 300; k = 3 → 3·3/6 · (20 − 10)² = 150;
    // k = 2 → 2·4/6 · (17.5 − 10)² = 75.
    const c = estimateChangePoint([10, 10, 10, 10, 25, 25], 16, 2);
    expect(c).toEqual({ index: 4, meanBefore: 10, meanAfter: 25 });
  });

  it('searches only the last `window` values and keeps `minSegment` on each side', () => {
    // The jump at index 1 lies outside the last 6 values; inside them the best split is at 3 of 6.
    const values = [100, 0, 0, 0, 4, 4, 4, 8, 8, 8];
    const c = estimateChangePoint(values, 6, 2)!;
    expect(c.index).toBe(7);
    expect(c.meanBefore).toBeCloseTo(4, 12);
    expect(c.meanAfter).toBe(8);
    // A jump in the last value only cannot be taken with minSegment 2.
    expect(estimateChangePoint([5, 5, 5, 5, 5, 50], 16, 2)!.index).toBe(4);
    expect(estimateChangePoint([1, 2, 3], 16, 2)).toBeNull();
  });
});

describe('levelRatio and levelAdjustedHistory', () => {
  it('scales the history before the change to the new level', () => {
    const values = [4, 6, 4, 6, 10, 14];
    // after: (10 + 14) / 2 = 12; reference (3 values before index 4): (6 + 4 + 6) / 3 = 16/3 → 12 / (16/3) = 2.25
    const r = levelRatio(values, 4, 3);
    expect(r).toBeCloseTo(2.25, 12);
    expect(levelAdjustedHistory(values, 4, r)).toEqual([9, 13.5, 9, 13.5, 10, 14]);
  });

  it('clamps the ratio and handles zero levels', () => {
    expect(levelRatio([1, 1, 100, 100], 2, 2, 10)).toBe(10);
    expect(levelRatio([100, 100, 1, 1], 2, 2, 10)).toBe(0.1);
    expect(levelRatio([0, 0, 3, 3], 2, 2, 10)).toBe(10);
    expect(levelRatio([0, 0, 0, 0], 2, 2, 10)).toBe(1);
    expect(levelRatio([2, 2], 2, 2, 10)).toBe(1); // nothing after the change yet
  });

  it('forecastRatio: Σ actual / Σ forecast since the change, clamped', () => {
    // (30 + 50) / (20 + 20) = 2
    expect(forecastRatio([30, 50], [20, 20])).toBe(2);
    expect(forecastRatio([1, 1], [20, 20], 10)).toBe(0.1);
    expect(forecastRatio([3], [0], 10)).toBe(10);
    expect(forecastRatio([0], [0], 10)).toBe(1);
    expect(forecastRatio([], [])).toBe(1);
  });

  it('acts only on a material ratio (|ln r| ≥ ln 1.5)', () => {
    expect(shouldAdjust(1.5)).toBe(true);
    expect(shouldAdjust(1 / 1.5)).toBe(true);
    expect(shouldAdjust(1.49)).toBe(false);
    expect(shouldAdjust(0.7)).toBe(false);
    expect(shouldAdjust(2.5)).toBe(true);
    // …and beyond noise when z is given (|z| ≥ 3)
    expect(shouldAdjust(2.5, 1.5, 2.9)).toBe(false);
    expect(shouldAdjust(2.5, 1.5, -3)).toBe(true);
  });

  it('shiftZ: (Σ actual − Σ forecast) / √(Σ σ²)', () => {
    // (30 + 50 − 20 − 20) / √(3² + 4²) = 40 / 5 = 8
    expect(shiftZ([30, 50], [20, 20], [3, 4])).toBe(8);
    expect(shiftZ([10], [20], [5])).toBe(-2);
    expect(shiftZ([10], [20], [0])).toBe(0);
  });
});

describe('settledLevelRatio', () => {
  const sd = (n: number, s: number) => new Array<number>(n).fill(s);

  it('a step: Σ actual / Σ forecast, as forecastRatio (no ramp fits better than a perfect step)', () => {
    expect(settledLevelRatio([200, 200, 200, 200], [100, 100, 100, 100], sd(4, 10))).toEqual({ ratio: 2, rampWeeks: 1 });
  });

  it('a level that doubles over 3 weeks: 2, where Σ actual / Σ forecast says 1.75', () => {
    // Forecast 300; actual 400, 500, 600, 600 = 300·(1 + 1·w) with w = 1/3, 2/3, 1, 1.
    // Step: r = 2100 / 1200 = 1.75, fitted 525 each week, residuals −125, −25, 75, 75 → χ² = 27500 / 30² = 30.6.
    // Ramp L = 3: r − 1 = (100·1/3 + 200·2/3 + 300 + 300) / (300·(1/9 + 4/9 + 1 + 1)) = 766.7 / 766.7 = 1 → r = 2, χ² = 0.
    const actual = [400, 500, 600, 600];
    const forecast = [300, 300, 300, 300];
    expect(forecastRatio(actual, forecast)).toBe(1.75);
    const s = settledLevelRatio(actual, forecast, sd(4, 30));
    expect(s.rampWeeks).toBe(3);
    expect(s.ratio).toBeCloseTo(2, 12);
  });

  it('a level that doubles over 6 weeks: 2, where Σ actual / Σ forecast says 1.69', () => {
    // Forecast 600; actual 700, 800, …, 1200 over 6 weeks, then 1200, 1200: Σa / Σf = 8100 / 4800 = 1.6875.
    const actual = [700, 800, 900, 1000, 1100, 1200, 1200, 1200];
    const forecast = new Array<number>(8).fill(600);
    expect(forecastRatio(actual, forecast)).toBe(1.6875);
    const s = settledLevelRatio(actual, forecast, sd(8, 60));
    expect(s.rampWeeks).toBe(6);
    expect(s.ratio).toBeCloseTo(2, 12);
  });

  it('a ramp still rising: the level reached so far (the 6-week ramp after 4 weeks: 1000 / 600)', () => {
    // 700, 800, 900, 1000 = 600·(1 + (2/3)·w), w = 1/4 … 1 with L = 4.
    const s = settledLevelRatio([700, 800, 900, 1000], [600, 600, 600, 600], sd(4, 60));
    expect(s.rampWeeks).toBe(4);
    expect(s.ratio).toBeCloseTo(1000 / 600, 12);
  });

  it('a ramp down: halving over 3 weeks gives 0.5 (Σ actual / Σ forecast: 0.625)', () => {
    const s = settledLevelRatio([250, 200, 150, 150], [300, 300, 300, 300], sd(4, 30));
    expect(s).toEqual({ ratio: expect.closeTo(0.5, 12), rampWeeks: 3 });
    expect(forecastRatio([250, 200, 150, 150], [300, 300, 300, 300])).toBe(0.625);
  });

  it(`noise around a step stays a step: the step leaves χ² = 2.5 < ${RAMP_MIN_CHI2_GAIN}, no ramp can gain more`, () => {
    // r = 800 / 400 = 2; residuals 10, −10, 5, −5 → χ² = (100 + 100 + 25 + 25) / 10² = 2.5.
    expect(settledLevelRatio([210, 190, 205, 195], [100, 100, 100, 100], sd(4, 10))).toEqual({ ratio: 2, rampWeeks: 1 });
  });

  it('a noisy 3-week ramp is still found, within noise of the new level', () => {
    // 300·(1 + w) ± 15 with w = 1/3, 2/3, 1, 1, 1: Σa / Σf = 2715 / 1500 = 1.81.
    const actual = [415, 485, 615, 590, 610];
    const forecast = new Array<number>(5).fill(300);
    const s = settledLevelRatio(actual, forecast, sd(5, 30));
    expect(forecastRatio(actual, forecast)).toBeCloseTo(1.81, 12);
    expect(s.rampWeeks).toBe(3);
    expect(Math.abs(s.ratio - 2)).toBeLessThan(0.05);
  });

  it('falls back to the step without a usable σ or forecast, or with one week', () => {
    expect(settledLevelRatio([400, 500, 600, 600], [300, 300, 300, 300], [30, 0, 30, 30])).toEqual({ ratio: 1.75, rampWeeks: 1 });
    expect(settledLevelRatio([400, 500, 600, 600], [300, 0, 300, 300], sd(4, 30)).rampWeeks).toBe(1);
    expect(settledLevelRatio([400], [300], [30])).toEqual({ ratio: 400 / 300, rampWeeks: 1 });
    // The ramp length is capped (maxRamp 2): the 3-week ramp is then fitted as well as 2 weeks allow.
    expect(settledLevelRatio([400, 500, 600, 600], [300, 300, 300, 300], sd(4, 30), 10, 2).rampWeeks).toBe(2);
  });
});

describe('keepAdjustment', () => {
  it('keeps the adjustment until 2 weeks compare it, then only while it errs no more than the unadjusted forecast', () => {
    expect(keepAdjustment([10], [30], [10])).toBe(true); // one week: too early to judge
    // |12 − 10| + |28 − 30| = 4 vs |10 − 10| + |12 − 30| = 18 → keep
    expect(keepAdjustment([10, 30], [12, 28], [10, 12])).toBe(true);
    // |20 − 10| + |20 − 12| = 18 vs |10 − 10| + |11 − 12| = 1 → drop
    expect(keepAdjustment([10, 12], [20, 20], [10, 11])).toBe(false);
    // a tie keeps it
    expect(keepAdjustment([10, 10], [12, 8], [8, 12])).toBe(true);
  });
});

describe('LEVEL_SHIFT_PATTERNS', () => {
  it('re-fits smooth demand only (the replay measured the re-fit adding error on the others)', () => {
    expect(LEVEL_SHIFT_PATTERNS).toEqual(['smooth']);
  });
});
