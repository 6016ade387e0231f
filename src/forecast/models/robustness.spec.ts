/**
 * Every registered model on awkward inputs: a defined, finite, non-negative forecast (or a
 * clear Error for too little history), and the same output for the same input.
 */
import { loadAugurs } from './augurs';
import { forecastModels } from './registry';

const season = 12;
const h = 6;
const cases: Record<string, number[]> = {
  constant: new Array(30).fill(5),
  'all zeros': new Array(30).fill(0),
  'single spike': [...new Array(20).fill(0), 100, ...new Array(9).fill(0)],
  'huge values': Array.from({ length: 30 }, (_, t) => 1e12 * (1 + 0.1 * Math.sin(t))),
  'seasonal counts': Array.from({ length: 40 }, (_, t) => Math.round(20 + 10 * Math.sin((2 * Math.PI * t) / 12) + (t % 3))),
  'short intermittent': [0, 2, 0, 0, 1, 0, 0, 3, 0, 0, 0, 1],
};

const allModels = Object.values(forecastModels);

beforeAll(async () => {
  await loadAugurs();
});

describe.each(allModels.map((m) => [m.name, m] as const))('%s', (_name, model) => {
  it.each(Object.keys(cases))('gives a finite non-negative forecast on %s', (caseName) => {
    const y = cases[caseName];
    if (y.length < model.minHistory({ season })) return expect(() => model.fit(y, { season })).toThrow(/insufficient history/);
    const f = model.fit(y, { season, seed: 1 }).predict(h);
    expect(f.mean).toHaveLength(h);
    for (const v of f.mean) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
    }
    for (const v of f.sd ?? []) {
      expect(Number.isFinite(v)).toBe(true);
      expect(v).toBeGreaterThanOrEqual(0);
    }
  });

  it('forecasts a constant series as that constant (SBA: times its 1 − α/2 debiasing)', () => {
    const f = model.fit(cases.constant, { season }).predict(h);
    const expected = model.name === 'sba' ? 5 * 0.95 : 5;
    for (const v of f.mean) expect(v).toBeCloseTo(expected, 3);
  });

  it('throws a clear error below its minimum history', () => {
    const tooShort = new Array(model.minHistory({ season }) - 1).fill(1);
    expect(() => model.fit(tooShort, { season })).toThrow(/insufficient history/);
  });

  it('rejects NaN and Infinity in the history', () => {
    const y = cases['seasonal counts'].slice();
    y[5] = Infinity;
    expect(() => model.fit(y, { season })).toThrow(/not a finite number/);
  });

  it('gives the same output for the same input', () => {
    const a = model.fit(cases['seasonal counts'], { season, seed: 3 }).predict(h);
    const b = model.fit(cases['seasonal counts'], { season, seed: 3 }).predict(h);
    expect(b).toEqual(a);
  });
});
