import { loadAugurs } from './augurs';
import { etsModel } from './ets';

beforeAll(async () => {
  await loadAugurs();
});

describe('ets', () => {
  it('extrapolates a clean linear trend', () => {
    const y = Array.from({ length: 30 }, (_, t) => 100 + 4 * t);
    const f = etsModel().fit(y, { season: 1 }).predict(3);
    // A (possibly damped) trend model continues upwards from the last value 216.
    expect(f.mean[0]).toBeGreaterThan(216);
    expect(f.mean[2]).toBeGreaterThan(f.mean[0]);
    expect(f.mean[2]).toBeLessThan(230);
  });

  it('puts the seasonal pattern back on the forecast', () => {
    const pattern = [0.6, 1.4, 1.2, 0.8];
    const y = Array.from({ length: 40 }, (_, t) => 50 * pattern[t % 4] * (1 + 0.01 * Math.sin(t)));
    const f = etsModel().fit(y, { season: 4 }).predict(4);
    // Step 1 is position 0 of the season (40 is a multiple of 4).
    expect(f.mean[1] / f.mean[0]).toBeCloseTo(1.4 / 0.6, 1);
    expect(f.mean[3] / f.mean[2]).toBeCloseTo(0.8 / 1.2, 1);
  });

  it('gives a sd per step that does not shrink with the horizon', () => {
    const y = [12, 15, 11, 18, 16, 14, 19, 17, 21, 18, 22, 20, 24, 19, 23];
    const f = etsModel().fit(y, { season: 1 }).predict(5);
    expect(f.sd![0]).toBeGreaterThan(0);
    for (let i = 1; i < 5; i++) expect(f.sd![i]).toBeGreaterThanOrEqual(f.sd![i - 1] - 1e-9);
  });
});
