import { fourierSeasonalIndices } from './fourier-seasonality';
import { decomposeSeasonality, futureSeasonalIndex } from './seasonal-decomposition';

const yearly = (weeks: number, amplitude: number, trendPerWeek = 0) =>
  Array.from({ length: weeks }, (_, t) => (100 + trendPerWeek * t) * (1 + amplitude * Math.sin((2 * Math.PI * t) / 52)) + (t % 2 === 0 ? 1 : -1));

describe('fourierSeasonalIndices', () => {
  it('recovers a yearly sine cycle from two years of weekly data', () => {
    const s = fourierSeasonalIndices(yearly(100, 0.3), 52);
    expect(s.seasonal).toBe(true);
    s.indices.forEach((v, p) => expect(v).toBeCloseTo(1 + 0.3 * Math.sin((2 * Math.PI * p) / 52), 1));
    expect(s.indices.reduce((a, b) => a + b, 0) / 52).toBeCloseTo(1, 12);
  });

  it('separates the cycle from a trend', () => {
    const s = fourierSeasonalIndices(yearly(100, 0.3, 0.5), 52);
    expect(s.seasonal).toBe(true);
    const peak = s.indices.indexOf(Math.max(...s.indices));
    expect(Math.abs(peak - 13)).toBeLessThanOrEqual(2);
  });

  it('finds no seasonality in a trend with alternating noise', () => {
    const s = fourierSeasonalIndices(yearly(100, 0, 0.5), 52);
    expect(s.seasonal).toBe(false);
    expect(s.indices.every((v) => v === 1)).toBe(true);
  });

  it('needs one and a half seasons and a positive mean', () => {
    expect(fourierSeasonalIndices(yearly(70, 0.3), 52).seasonal).toBe(false);
    expect(fourierSeasonalIndices(new Array(100).fill(0), 52).seasonal).toBe(false);
  });

  it('keeps every index at or above the floor on a deep cycle', () => {
    const deep = Array.from({ length: 104 }, (_, t) => Math.max(0, 100 * Math.sin((2 * Math.PI * t) / 52)));
    const s = fourierSeasonalIndices(deep, 52);
    expect(s.seasonal).toBe(true);
    for (const v of s.indices) expect(v).toBeGreaterThan(0);
  });
});

describe('decomposeSeasonality with a long season', () => {
  it('uses the Fourier indices for m = 52 and maps future weeks onto the cycle', () => {
    const y = yearly(100, 0.3);
    const d = decomposeSeasonality(y, 52);
    expect(d.seasonal).toBe(true);
    // Week 100 is position 48 of the cycle.
    expect(futureSeasonalIndex(d, 100, 1)).toBeCloseTo(1 + 0.3 * Math.sin((2 * Math.PI * 48) / 52), 1);
    for (const v of d.adjusted) expect(Math.abs(v - 100)).toBeLessThan(6);
  });
});
