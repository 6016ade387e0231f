import { loadAugurs } from './augurs';
import { prophetModel } from './prophet';

beforeAll(async () => {
  await loadAugurs();
});

const weekly = Array.from({ length: 104 }, (_, t) => 50 + 20 * Math.sin((2 * Math.PI * t) / 52) + (t % 3));

describe('prophet', () => {
  it('follows a yearly cycle on weekly data', () => {
    const f = prophetModel().fit(weekly, { season: 52, seed: 1 }).predict(26);
    // Weeks 105–130 are the first half of the cycle again: peak near week 13, back near 50 at 26.
    const peak = Math.max(...f.mean);
    expect(peak).toBeGreaterThan(62);
    expect(f.mean.indexOf(peak)).toBeGreaterThanOrEqual(8);
    expect(f.mean.indexOf(peak)).toBeLessThanOrEqual(18);
  });

  it('is deterministic and never negative', () => {
    const falling = Array.from({ length: 30 }, (_, t) => Math.max(0, 30 - 2 * t));
    const a = prophetModel().fit(falling, { season: 52, seed: 1 }).predict(8);
    const b = prophetModel().fit(falling, { season: 52, seed: 1 }).predict(8);
    expect(b).toEqual(a);
    for (const v of a.mean) expect(v).toBeGreaterThanOrEqual(0);
    for (const v of a.sd!) expect(Number.isFinite(v)).toBe(true);
  });

  it('widens the sd with the horizon when the trend has changed course', () => {
    const kinked = Array.from({ length: 80 }, (_, t) => (t < 40 ? 100 + 2 * t : 180 - 1.5 * (t - 40)) + (t % 2 ? 2 : -2));
    const f = prophetModel().fit(kinked, { season: 1, seed: 1 }).predict(12);
    expect(f.sd![11]).toBeGreaterThan(f.sd![0]);
    for (let i = 1; i < 12; i++) expect(f.sd![i]).toBeGreaterThanOrEqual(f.sd![i - 1]);
  });

  it('needs 10 observations', () => {
    expect(() => prophetModel().fit([1, 2, 3], { season: 52 })).toThrow(/insufficient history/);
  });
});
