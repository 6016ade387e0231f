import {
  autocorrelations,
  centredMovingAverage,
  decomposeSeasonality,
  futureSeasonalIndex,
  isSeasonal,
  multiplicativeSeasonalIndices,
} from './seasonal-decomposition';

const pattern = [0.5, 1.5, 1.2, 0.8];
const seasonalSeries = (seasons: number, level = 10) =>
  Array.from({ length: seasons * 4 }, (_, t) => level * pattern[t % 4]);

describe('autocorrelations', () => {
  it('matches the hand computation on 1, 2, 3, 4', () => {
    // deviations −1.5, −0.5, 0.5, 1.5; Σd² = 5; lag 1: (0.75 − 0.25 + 0.75)/5
    const r = autocorrelations([1, 2, 3, 4], 2);
    expect(r[0]).toBeCloseTo(0.25, 12);
    // lag 2: (0.5·−1.5 + 1.5·−0.5)/5 = −0.3
    expect(r[1]).toBeCloseTo(-0.3, 12);
  });
});

describe('isSeasonal', () => {
  it('finds a repeating pattern', () => {
    expect(isSeasonal(seasonalSeries(5), 4)).toBe(true);
  });

  it('does not call a straight trend seasonal', () => {
    expect(isSeasonal(Array.from({ length: 48 }, (_, t) => 100 + 3 * t), 12)).toBe(false);
  });

  it('needs three full seasons', () => {
    expect(isSeasonal(seasonalSeries(5).slice(0, 11), 4)).toBe(false);
  });

  it('says no for a constant series or season 1', () => {
    expect(isSeasonal(new Array(40).fill(3), 4)).toBe(false);
    expect(isSeasonal(seasonalSeries(5), 1)).toBe(false);
  });
});

describe('centredMovingAverage', () => {
  it('uses a 2×m average for even m', () => {
    // t = 2, m = 4: (0.5·1 + 2 + 3 + 4 + 0.5·5)/4 = 3
    const trend = centredMovingAverage([1, 2, 3, 4, 5, 6, 7, 8], 4);
    expect(trend[2]).toBeCloseTo(3, 12);
    expect(Number.isNaN(trend[1])).toBe(true);
    expect(Number.isNaN(trend[6])).toBe(true);
  });

  it('uses a plain m average for odd m', () => {
    const trend = centredMovingAverage([1, 5, 3, 7], 3);
    expect(trend[1]).toBeCloseTo(3, 12);
    expect(trend[2]).toBeCloseTo(5, 12);
  });
});

describe('multiplicative decomposition', () => {
  it('recovers the indices of an exactly periodic series', () => {
    const indices = multiplicativeSeasonalIndices(seasonalSeries(4), 4);
    indices.forEach((v, i) => expect(v).toBeCloseTo(pattern[i], 12));
  });

  it('adjusts the series to its level and maps future steps to the right position', () => {
    const y = seasonalSeries(5).slice(0, 18); // ends at position 1 of the season
    const d = decomposeSeasonality(y, 4);
    expect(d.seasonal).toBe(true);
    for (const v of d.adjusted) expect(v).toBeCloseTo(10, 6);
    expect(futureSeasonalIndex(d, y.length, 1)).toBeCloseTo(pattern[2], 6);
    expect(futureSeasonalIndex(d, y.length, 3)).toBeCloseTo(pattern[0], 6);
  });

  it('leaves series with zeros unadjusted (multiplicative indices need positive data)', () => {
    const y = seasonalSeries(5);
    y[3] = 0;
    const d = decomposeSeasonality(y, 4);
    expect(d.seasonal).toBe(false);
    expect(d.indices).toEqual([1, 1, 1, 1]);
    expect(d.adjusted).toEqual(y);
  });
});
