import { thetaModel } from './theta';

describe('theta', () => {
  it('continues a straight line with half its slope from the last value', () => {
    // y = 5 + 2t: SES tracks the last value 43 (α → 1), drift b/2 = 1 per step → 43 + i
    const y = Array.from({ length: 20 }, (_, t) => 5 + 2 * t);
    const f = thetaModel.fit(y, { season: 1 }).predict(3);
    f.mean.forEach((v, i) => expect(v).toBeCloseTo(43 + (i + 1), 2));
  });

  it('reseasonalises a seasonal series', () => {
    const pattern = [0.5, 1.5, 1.2, 0.8];
    const y = Array.from({ length: 20 }, (_, t) => 100 * pattern[t % 4]);
    const f = thetaModel.fit(y, { season: 4 }).predict(4);
    f.mean.forEach((v, i) => expect(v).toBeCloseTo(100 * pattern[i], 4));
  });

  it('widens the sd with the horizon', () => {
    const y = [5, 9, 4, 8, 12, 7, 10, 14, 9, 13, 11, 16];
    const f = thetaModel.fit(y, { season: 1 }).predict(6);
    for (let i = 1; i < 6; i++) expect(f.sd![i]).toBeGreaterThanOrEqual(f.sd![i - 1]);
    expect(f.sd![0]).toBeGreaterThan(0);
  });
});
