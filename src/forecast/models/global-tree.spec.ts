import { xoshiro128ss } from '../../common/prng';
import { GlobalTreeJson, GlobalTreeModel, trainGlobalTreeModel } from './global-tree';

/** Monthly series: level × a shared seasonal profile × small noise, levels spanning 3 decades. */
function seasonalSeries(count: number, length: number, seed: number): number[][] {
  const random = xoshiro128ss(seed);
  const profile = [0.6, 0.7, 0.9, 1.0, 1.2, 1.4, 1.5, 1.3, 1.1, 0.9, 0.8, 0.6];
  return Array.from({ length: count }, () => {
    const level = 10 ** (1 + 3 * random());
    return Array.from({ length }, (_, t) => level * profile[t % 12] * (1 + 0.05 * (random() - 0.5)));
  });
}

const fast = { numIterations: 40, learningRate: 0.25, minDataInLeaf: 10, maxBins: 32 };

describe('GlobalTreeModel', () => {
  const train = seasonalSeries(40, 48, 1);
  const model = trainGlobalTreeModel(train, { season: 12, horizon: 6, seed: 3, strategy: 'direct', params: fast, maxRowsPerStep: 2000 });

  it('learns the shared seasonal shape across scales (direct strategy)', () => {
    const test = seasonalSeries(5, 54, 2);
    let sumApe = 0;
    for (const y of test) {
      const { mean, sd } = model.forecast(y.slice(0, 48), 6);
      expect(mean).toHaveLength(6);
      expect(sd).toHaveLength(6);
      for (let k = 0; k < 6; k++) {
        sumApe += Math.abs(mean[k] - y[48 + k]) / y[48 + k];
        expect(sd![k]).toBeGreaterThan(0);
      }
    }
    // Seasonal swings are ±40 %; a model that missed the season would be far off.
    expect(sumApe / 30).toBeLessThan(0.08);
  });

  it('round-trips through JSON with identical forecasts', () => {
    const copy = GlobalTreeModel.fromJSON(JSON.parse(JSON.stringify(model.toJSON())) as GlobalTreeJson);
    const history = train[0];
    expect(copy.forecast(history, 8)).toEqual(model.forecast(history, 8));
  });

  it('is deterministic for a seed', () => {
    const again = trainGlobalTreeModel(train, { season: 12, horizon: 6, seed: 3, strategy: 'direct', params: fast, maxRowsPerStep: 2000 });
    expect(JSON.stringify(again.toJSON())).toBe(JSON.stringify(model.toJSON()));
  });

  it('plugs into the registry interface as "global-tree"', () => {
    const forecastModel = model.asForecastModel();
    expect(forecastModel.name).toBe('global-tree');
    const fitted = forecastModel.fit(train[1], { season: 12 });
    expect(fitted.predict(3).mean).toEqual(model.forecast(train[1], 3).mean);
    expect(() => forecastModel.fit(train[1], { season: 52 })).toThrow(/season/);
    expect(() => forecastModel.fit([1, 2, 3], { season: 12 })).toThrow(/insufficient history/);
  });

  it('gives a noisy SKU a wider spread than a steady one of the same level', () => {
    const random = xoshiro128ss(5);
    const steady = Array.from({ length: 48 }, () => 100 + 2 * (random() - 0.5));
    const noisy = Array.from({ length: 48 }, () => 100 + 160 * (random() - 0.5)); // sd ≈ 46
    const steadySd = model.forecast(steady, 3).sd!;
    const noisySd = model.forecast(noisy, 3).sd!;
    // The steady SKU's spread unit is the 10 % floor (10), the noisy one's its sd (≈ 46).
    for (let k = 0; k < 3; k++) expect(noisySd[k]).toBeGreaterThan(3 * steadySd[k]);
  });

  it.each([
    ['all zeros', Array.from({ length: 20 }, () => 0)],
    ['constant', Array.from({ length: 20 }, () => 7)],
    ['a single spike', Array.from({ length: 20 }, (_, t) => (t === 10 ? 500 : 0))],
    ['huge values', Array.from({ length: 20 }, (_, t) => 1e12 * (1 + (t % 3)))],
    ['negative values', Array.from({ length: 20 }, (_, t) => (t % 2 === 0 ? -5 : 5))],
  ])('gives finite forecasts for %s', (_name, history) => {
    const { mean, sd } = model.forecast(history, 6);
    for (const v of [...mean, ...sd!]) expect(Number.isFinite(v)).toBe(true);
    for (const v of sd!) expect(v).toBeGreaterThanOrEqual(0);
  });

  it('rejects a history holding a non-finite value', () => {
    expect(() => model.forecast([...train[0].slice(0, 20), Infinity], 2)).toThrow(/not a finite number/);
  });

  it('grows the spread beyond the trained horizon and never forecasts negative demand', () => {
    const { mean, sd } = model.forecast(Array.from({ length: 30 }, (_, t) => (t % 5 === 0 ? 3 : 0)), 10);
    for (const v of mean) expect(v).toBeGreaterThanOrEqual(0);
    expect(sd![9]).toBeGreaterThan(sd![5]);
  });

  it('also trains the recursive strategy', () => {
    const recursive = trainGlobalTreeModel(train, { season: 12, horizon: 6, seed: 3, strategy: 'recursive', params: fast, maxRowsPerStep: 2000 });
    expect(recursive.boosters).toHaveLength(1);
    const y = seasonalSeries(1, 54, 4)[0];
    const { mean } = recursive.forecast(y.slice(0, 48), 6);
    for (let k = 0; k < 6; k++) expect(Math.abs(mean[k] / y[48 + k] - 1)).toBeLessThan(0.25);
  });

  it('blends direct and recursive forecasts as their mean', () => {
    const options = { season: 12, horizon: 4, seed: 3, params: fast, maxRowsPerStep: 2000 };
    const blend = trainGlobalTreeModel(train, { ...options, strategy: 'blend' });
    const direct = trainGlobalTreeModel(train, { ...options, strategy: 'direct' });
    const recursive = trainGlobalTreeModel(train, { ...options, strategy: 'recursive' });
    expect(blend.boosters).toHaveLength(5);
    const history = train[2];
    const b = blend.forecast(history, 4).mean;
    const d = direct.forecast(history, 4).mean;
    const r = recursive.forecast(history, 4).mean;
    for (let k = 0; k < 4; k++) expect(b[k]).toBeCloseTo((d[k] + r[k]) / 2, 9);
    const copy = GlobalTreeModel.fromJSON(JSON.parse(JSON.stringify(blend.toJSON())) as GlobalTreeJson);
    expect(copy.forecast(history, 4)).toEqual(blend.forecast(history, 4));
  });

  it('keeps a separate error scale for intermittent SKUs when enough of them are held out', () => {
    const random = xoshiro128ss(8);
    const intermittent = Array.from({ length: 35 }, () => Array.from({ length: 40 }, () => (random() < 0.3 ? 1 + Math.floor(6 * random()) : 0)));
    const mixed = [...seasonalSeries(35, 40, 9), ...intermittent];
    const m = trainGlobalTreeModel(mixed, { season: 12, horizon: 3, strategy: 'recursive', params: fast, maxRowsPerStep: 1500 });
    expect(m.intermittentResidualSdPerSpread).toHaveLength(3);
    expect(model.intermittentResidualSdPerSpread).toBeNull(); // no intermittent series in its data
    const copy = GlobalTreeModel.fromJSON(JSON.parse(JSON.stringify(m.toJSON())) as GlobalTreeJson);
    expect(copy.forecast(intermittent[0], 3)).toEqual(m.forecast(intermittent[0], 3));
  });

  it('bias correction scales the forecast so held-out totals match, and survives JSON', () => {
    const random = xoshiro128ss(12);
    // Skewed demand: the log1p target's median-like forecast falls short of the mean.
    const skewed = Array.from({ length: 40 }, () => Array.from({ length: 36 }, () => (random() < 0.2 ? 20 : 1)));
    const options = { season: 12, horizon: 3, strategy: 'recursive' as const, params: fast, maxRowsPerStep: 1500 };
    const plain = trainGlobalTreeModel(skewed, options);
    const corrected = trainGlobalTreeModel(skewed, { ...options, biasCorrection: true });
    expect(plain.meanFactor).toBeNull();
    expect(corrected.meanFactor).toHaveLength(3);
    for (const factor of corrected.meanFactor!) expect(factor).toBeGreaterThan(1);
    const history = skewed[0];
    const p = plain.forecast(history, 3).mean;
    const c = corrected.forecast(history, 3).mean;
    for (let k = 0; k < 3; k++) expect(c[k]).toBeCloseTo(p[k] * corrected.meanFactor![k], 9);
    const copy = GlobalTreeModel.fromJSON(JSON.parse(JSON.stringify(corrected.toJSON())) as GlobalTreeJson);
    expect(copy.forecast(history, 3)).toEqual(corrected.forecast(history, 3));
  });

  it('leaves out series with non-finite values and refuses to train on nothing', () => {
    const withBroken = [...train.slice(0, 10), [...train[10].slice(0, 20), NaN, ...train[10].slice(21)]];
    const m = trainGlobalTreeModel(withBroken, { season: 12, horizon: 2, params: fast });
    expect(m.summary?.seriesUsed).toBe(10);
    expect(() => trainGlobalTreeModel([[1, 2, 3]], { season: 12, horizon: 2 })).toThrow(/no series/);
  });
});
