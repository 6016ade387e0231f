import { estimateChangePoint, forecastRatio, keepAdjustment, LEVEL_SHIFT_PATTERNS, shiftZ, levelAdjustedHistory, levelRatio, shouldAdjust } from './level-shift';

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
