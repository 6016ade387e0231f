import { dampedModel, sesModel } from './smoothing-models';

const pattern = [0.6, 1.4, 1.2, 0.8];

describe('damped and ses models', () => {
  it('ses forecasts a flat reseasonalised level', () => {
    const y = Array.from({ length: 24 }, (_, t) => 100 * pattern[t % 4]);
    const f = sesModel.fit(y, { season: 4 }).predict(4);
    f.mean.forEach((v, i) => expect(v).toBeCloseTo(100 * pattern[i], 4));
  });

  it('damped continues a trend, less steeply than a straight line', () => {
    const y = Array.from({ length: 24 }, (_, t) => 50 + 3 * t);
    const f = dampedModel.fit(y, { season: 1 }).predict(10);
    expect(f.mean[0]).toBeGreaterThan(119);
    expect(f.mean[9]).toBeGreaterThan(f.mean[0]);
    expect(f.mean[9]).toBeLessThan(119 + 3 * 10);
  });
});
