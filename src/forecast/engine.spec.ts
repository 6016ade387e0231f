import { loadAugurs } from './models/augurs';
import { forecastSku, isInsufficientHistory, SkuForecast, InsufficientHistory, GlobalForecaster } from './engine';

beforeAll(async () => {
  await loadAugurs();
});

function seasonalSeries(weeks: number): number[] {
  return Array.from({ length: weeks }, (_, t) => Math.round(50 + 20 * Math.sin((2 * Math.PI * t) / 52) + 5 * Math.cos(t * 1.7)));
}

function expectClean(result: SkuForecast | InsufficientHistory): SkuForecast {
  if (isInsufficientHistory(result)) throw new Error('expected a forecast');
  const numbers = [...result.mean, ...result.sd, ...Object.values(result.quantiles).flat(), ...Object.values(result.total), ...Object.values(result.weights)];
  for (const v of numbers) {
    expect(Number.isFinite(v)).toBe(true);
    expect(v).toBeGreaterThanOrEqual(0);
  }
  for (let i = 0; i < result.mean.length; i++) {
    expect(result.quantiles.p90[i]).toBeGreaterThanOrEqual(result.quantiles.p50[i]);
    expect(result.quantiles.p99[i]).toBeGreaterThanOrEqual(result.quantiles.p95[i]);
  }
  expect(Object.values(result.weights).reduce((a, b) => a + b, 0)).toBeCloseTo(1, 9);
  return result;
}

describe('forecastSku', () => {
  it('reports insufficient history below 12 observations', () => {
    expect(forecastSku([1, 2, 3], { horizon: 4, season: 52 })).toEqual({ insufficient: true, observations: 3, minimum: 12 });
  });

  it('forecasts a seasonal weekly series with an ensemble of the smooth candidates', () => {
    const result = expectClean(forecastSku(seasonalSeries(104), { horizon: 4, season: 52 }));
    expect(result.pattern).toBe('smooth');
    expect(result.mean).toHaveLength(4);
    expect(result.members).toEqual(expect.arrayContaining(['ets', 'theta']));
    expect(result.total.mean).toBeCloseTo(result.mean.reduce((a, b) => a + b, 0), 9);
    // Weeks 104..107 of the sine: about 50, 52, 55, 57.
    expect(result.total.mean).toBeGreaterThan(180);
    expect(result.total.mean).toBeLessThan(240);
  });

  it('uses the intermittent candidates for sparse demand and allows zero quantiles', () => {
    const sparse = Array.from({ length: 60 }, (_, t) => (t % 5 === 0 ? 3 + (t % 3) : 0));
    const result = expectClean(forecastSku(sparse, { horizon: 4, season: 52 }));
    expect(['intermittent', 'lumpy']).toContain(result.pattern);
    // DEFAULT_SELECTION's distribution rules for sparse demand: tsb (+ theta for intermittent).
    expect(result.members).toContain('tsb');
    expect(result.members).not.toContain('ets');
    expect(result.quantiles.p50[0]).toBeLessThanOrEqual(1);
  });

  it('cleans NaN, Infinity and negative values to 0 and says how many', () => {
    const history = seasonalSeries(30);
    history[3] = Number.NaN;
    history[7] = Number.POSITIVE_INFINITY;
    history[9] = -4;
    const result = expectClean(forecastSku(history, { horizon: 4, season: 52 }));
    expect(result.cleanedValues).toBe(3);
  });

  it('gives defined forecasts for all zeros, a constant, a single spike and huge values', () => {
    const zeros = expectClean(forecastSku(new Array(20).fill(0), { horizon: 4, season: 52 }));
    expect(zeros.mean).toEqual([0, 0, 0, 0]);
    expect(zeros.total.p99).toBe(0);
    const constant = expectClean(forecastSku(new Array(20).fill(7), { horizon: 4, season: 52 }));
    constant.mean.forEach((m) => expect(m).toBeCloseTo(7, 6));
    const spike = new Array(30).fill(0);
    spike[15] = 500;
    expectClean(forecastSku(spike, { horizon: 4, season: 52 }));
    expectClean(forecastSku(seasonalSeries(60).map((v) => v * 1e12), { horizon: 4, season: 52 }));
  });

  it('takes weights as an input, floored and renormalised over the members', () => {
    const result = expectClean(forecastSku(seasonalSeries(80), { horizon: 4, season: 52, weights: { ets: 1, 'seasonal-naive': 0 }, candidates: ['ets', 'seasonal-naive'] }));
    expect(result.weights.ets).toBeCloseTo(1 / 1.1, 9);
    expect(result.weights['seasonal-naive']).toBeCloseTo(0.1 / 1.1, 9);
  });

  it('falls back to the other members when one throws, and uses the global model when given', () => {
    const broken: GlobalForecaster = { forecast: () => { throw new Error('tree exploded'); } };
    // selection null: every candidate weighted by its own validation error (the tree included).
    const result = expectClean(forecastSku(seasonalSeries(80), { horizon: 4, season: 52, globalModel: broken, selection: null }));
    expect(result.failedMembers).toEqual([{ name: 'global-tree', message: 'tree exploded' }]);
    expect(result.members).not.toContain('global-tree');
    const flat: GlobalForecaster = { forecast: (_y, h) => ({ mean: new Array(h).fill(50), sd: new Array(h).fill(5) }) };
    const withFlat = expectClean(forecastSku(seasonalSeries(80), { horizon: 4, season: 52, globalModel: flat, selection: null }));
    expect(withFlat.members).toContain('global-tree');
    // The tree is in the point forecast, never in the demand distribution while local members exist.
    expect(withFlat.pointWeights['global-tree']).toBeGreaterThan(0);
    expect(withFlat.weights['global-tree'] ?? 0).toBe(0);
  });

  it('keeps the global tree out of the spread, so its pooled sd cannot widen a SKU\'s quantiles', () => {
    const history = seasonalSeries(80);
    const without = expectClean(forecastSku(history, { horizon: 4, season: 52, weights: { ets: 1, theta: 1 } }));
    const wide: GlobalForecaster = { forecast: (_y, h) => ({ mean: new Array(h).fill(50), sd: new Array(h).fill(1e6) }) };
    const withGlobal = expectClean(forecastSku(history, { horizon: 4, season: 52, globalModel: wide, weights: { ets: 1, theta: 1, 'global-tree': 1 } }));
    expect(withGlobal.sd).toEqual(without.sd);
    expect(withGlobal.mean).not.toEqual(without.mean);
  });

  it('is deterministic for a seed', () => {
    const history = seasonalSeries(104);
    expect(forecastSku(history, { horizon: 4, season: 52, seed: 7 })).toEqual(forecastSku(history, { horizon: 4, season: 52, seed: 7 }));
  });
});
