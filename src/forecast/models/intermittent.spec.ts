import { crostonModel, crostonRate, sbaModel, tsbModel } from './intermittent';

const series = [0, 0, 3, 0, 5, 0, 0, 4];

describe('Croston', () => {
  it('matches the hand-computed forecast on a short series (α 0.1)', () => {
    // sizes 3, 5, 4 → 3, 3.2, 3.28; intervals 3, 2, 3 → 3, 2.9, 2.91; rate 3.28 / 2.91
    const f = crostonModel().fit(series, { season: 12 }).predict(3);
    for (const v of f.mean) expect(v).toBeCloseTo(3.28 / 2.91, 12);
  });

  it('records one-step errors from the first demand on', () => {
    // t=3: 0 − 3/3; t=4: 5 − 1; t=5,6: 0 − 3.2/2.9; t=7: 4 − 3.2/2.9
    const { oneStepErrors } = crostonRate(series, 0.1, 1);
    const r = 3.2 / 2.9;
    const expected = [-1, 4, -r, -r, 4 - r];
    expect(oneStepErrors).toHaveLength(expected.length);
    oneStepErrors.forEach((e, i) => expect(e).toBeCloseTo(expected[i], 12));
  });

  it('grows the sd like SES: σ√(1 + (h−1)α²)', () => {
    const { oneStepErrors } = crostonRate(series, 0.1, 1);
    const sigma = Math.sqrt(oneStepErrors.reduce((s, e) => s + e * e, 0) / oneStepErrors.length);
    const f = crostonModel().fit(series, { season: 12 }).predict(3);
    expect(f.sd![0]).toBeCloseTo(sigma, 12);
    expect(f.sd![2]).toBeCloseTo(sigma * Math.sqrt(1 + 2 * 0.01), 12);
  });

  it('uses the given α', () => {
    // α 0.5: sizes 3 → 4 → 4; intervals 3 → 2.5 → 2.75
    const f = crostonModel({ alpha: 0.5 }).fit(series, { season: 12 }).predict(1);
    expect(f.mean[0]).toBeCloseTo(4 / 2.75, 12);
  });
});

describe('SBA', () => {
  it('is Croston times (1 − α/2)', () => {
    const f = sbaModel().fit(series, { season: 12 }).predict(2);
    expect(f.mean[0]).toBeCloseTo((0.95 * 3.28) / 2.91, 12);
  });
});

describe('TSB', () => {
  it('matches the hand-computed forecast (α 0.1, β 0.1)', () => {
    // probability: 0, 0, .1, .09, .181, .1629, .14661, .231949; size 3 → 3.2 → 3.28
    const f = tsbModel().fit(series, { season: 12 }).predict(1);
    expect(f.mean[0]).toBeCloseTo(0.231949 * 3.28, 10);
  });

  it('decays towards zero when demand stops, unlike Croston', () => {
    const dead = [...series, ...new Array(30).fill(0)];
    const tsb = tsbModel().fit(dead, { season: 12 }).predict(1).mean[0];
    const croston = crostonModel().fit(dead, { season: 12 }).predict(1).mean[0];
    expect(tsb).toBeLessThan(0.1 * croston);
    expect(croston).toBeCloseTo(3.28 / 2.91, 12);
  });

  it('spreads by the RMS of its one-step errors, growing as √(1 + (i−1)·max(α, β)²)', () => {
    // y = 0, 4, 0, 0, 2 with α = 0.3, β = 0.1. Probability starts at 0 (y0 = 0); size at the first
    // demand (4). One-step errors (forecast = probability · size, from the first demand on):
    //   t=2: p = 0 + 0.1·(1 − 0) = 0.1 after t=1 → 0 − 0.1·4 = −0.4;   p → 0.09
    //   t=3: 0 − 0.09·4 = −0.36;                                          p → 0.081
    //   t=4: 2 − 0.081·4 = 1.676;                                        p → 0.1729, size 4 + 0.3·(2 − 4) = 3.4
    // σ = √((0.16 + 0.1296 + 2.808976)/3); mean 0.1729 · 3.4; growth with max(α, β) = 0.3.
    const f = tsbModel({ alpha: 0.3, beta: 0.1 }).fit([0, 4, 0, 0, 2], { season: 12 }).predict(3);
    const sigma = Math.sqrt((0.16 + 0.1296 + 2.808976) / 3);
    expect(f.mean[0]).toBeCloseTo(0.1729 * 3.4, 12);
    expect(f.sd![0]).toBeCloseTo(sigma, 12);
    expect(f.sd![1]).toBeCloseTo(sigma * Math.sqrt(1 + 0.09), 12);
    expect(f.sd![2]).toBeCloseTo(sigma * Math.sqrt(1 + 2 * 0.09), 12);
  });
});

describe('intermittent models on edge cases', () => {
  const models = [crostonModel(), sbaModel(), tsbModel()];

  it.each(models.map((m) => [m.name, m] as const))('%s forecasts 0 with sd 0 on all zeros', (_n, model) => {
    const f = model.fit(new Array(20).fill(0), { season: 12 }).predict(4);
    expect(f.mean).toEqual([0, 0, 0, 0]);
    expect(f.sd).toEqual([0, 0, 0, 0]);
  });

  it.each(models.map((m) => [m.name, m] as const))('%s stays finite and non-negative on huge values', (_n, model) => {
    const f = model.fit([0, 1e300, 0, 1e300, 1e300], { season: 12 }).predict(3);
    for (const v of [...f.mean, ...f.sd!]) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
    }
    expect(f.sd![0]).toBeGreaterThan(1e299);
  });

  it.each(models.map((m) => [m.name, m] as const))('%s throws a clear error on a 1-point history', (_n, model) => {
    expect(() => model.fit([3], { season: 12 })).toThrow(/insufficient history/);
  });

  it('rejects α outside (0, 1]', () => {
    expect(() => crostonModel({ alpha: 0 })).toThrow(/alpha/);
    expect(() => tsbModel({ beta: 1.5 })).toThrow(/beta/);
  });
});
