import { naiveModel, seasonalNaiveModel } from './seasonal-naive';

describe('seasonal naive', () => {
  it('repeats the last season', () => {
    const y = [1, 2, 3, 4, 10, 20, 30, 40];
    const f = seasonalNaiveModel.fit(y, { season: 4 }).predict(6);
    expect(f.mean).toEqual([10, 20, 30, 40, 10, 20]);
  });

  it('scales the residual sd by the square root of whole seasons ahead', () => {
    // lag-4 residuals: 9, 18, 27, 36 → σ = √((81+324+729+1296)/4) = √607.5
    const y = [1, 2, 3, 4, 10, 20, 30, 40];
    const f = seasonalNaiveModel.fit(y, { season: 4 }).predict(5);
    const sigma = Math.sqrt(607.5);
    expect(f.sd![0]).toBeCloseTo(sigma, 10);
    expect(f.sd![3]).toBeCloseTo(sigma, 10);
    expect(f.sd![4]).toBeCloseTo(sigma * Math.SQRT2, 10);
  });

  it('falls back to plain naive when the history is shorter than a season', () => {
    const y = [5, 7, 6];
    const f = seasonalNaiveModel.fit(y, { season: 52 }).predict(3);
    expect(f.mean).toEqual([6, 6, 6]);
    // naive residuals 2, −1 → σ = √2.5; step 3 → σ√3
    expect(f.sd![2]).toBeCloseTo(Math.sqrt(2.5) * Math.sqrt(3), 10);
  });

  it('naive repeats the last value', () => {
    expect(naiveModel.fit([3, 9, 4], { season: 12 }).predict(2).mean).toEqual([4, 4]);
  });

  it('throws a clear error for too short or non-finite history', () => {
    expect(() => seasonalNaiveModel.fit([1], { season: 4 })).toThrow(/insufficient history/);
    expect(() => seasonalNaiveModel.fit([1, NaN, 3], { season: 4 })).toThrow(/not a finite number/);
  });

  it('gives zero forecasts and zero sd on all zeros', () => {
    const f = seasonalNaiveModel.fit(new Array(10).fill(0), { season: 4 }).predict(4);
    expect(f.mean).toEqual([0, 0, 0, 0]);
    expect(f.sd).toEqual([0, 0, 0, 0]);
  });
});
