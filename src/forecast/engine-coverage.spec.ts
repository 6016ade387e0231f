/**
 * Quantile coverage of forecastSku on simulated weekly demand from known processes: the share of
 * held-out weeks at or below each calibrated quantile must be near its level. Small samples (a
 * few hundred weeks per process) keep the spec fast, so the bands are wider than the benchmark's
 * ±2.5 points (docs/bench/accuracy.md has the 2,000-SKU figures).
 */
import { forecastSku, isInsufficientHistory } from './engine';
import { loadAugurs } from './models/augurs';
import { mixSeed, sampleGammaMeanCv, samplePoisson, xoshiro128ss } from '../common/prng';

beforeAll(async () => {
  await loadAugurs();
});

const HORIZON = 4;

function coverageOf(makeSeries: (seed: number) => number[], skus: number): { p50: number; p90: number; p99: number } {
  let weeks = 0;
  const covered = { p50: 0, p90: 0, p99: 0 };
  for (let k = 0; k < skus; k++) {
    const y = makeSeries(k);
    const train = y.slice(0, y.length - HORIZON);
    const actual = y.slice(y.length - HORIZON);
    const result = forecastSku(train, { horizon: HORIZON, season: 52 });
    if (isInsufficientHistory(result)) throw new Error('expected a forecast');
    actual.forEach((v, i) => {
      weeks++;
      if (v <= result.quantiles.p50[i]) covered.p50++;
      if (v <= result.quantiles.p90[i]) covered.p90++;
      if (v <= result.quantiles.p99[i]) covered.p99++;
    });
  }
  return { p50: covered.p50 / weeks, p90: covered.p90 / weeks, p99: covered.p99 / weeks };
}

describe('forecastSku quantile coverage on simulated demand', () => {
  it('covers smooth gamma demand around a stable level at about the nominal levels', () => {
    const smooth = (seed: number) => {
      const rand = xoshiro128ss(mixSeed(101, seed));
      return Array.from({ length: 60 }, () => sampleGammaMeanCv(rand, 40, 0.2));
    };
    const c = coverageOf(smooth, 80);
    expect(c.p50).toBeGreaterThan(0.4);
    expect(c.p50).toBeLessThan(0.62);
    expect(c.p90).toBeGreaterThan(0.84);
    expect(c.p90).toBeLessThan(0.96);
    expect(c.p99).toBeGreaterThan(0.96);
  });

  it('covers intermittent Poisson demand, zeros included, at about the nominal levels', () => {
    const intermittent = (seed: number) => {
      const rand = xoshiro128ss(mixSeed(202, seed));
      return Array.from({ length: 60 }, () => (rand() < 0.35 ? 1 + samplePoisson(rand, 2) : 0));
    };
    const c = coverageOf(intermittent, 80);
    expect(c.p90).toBeGreaterThan(0.84);
    expect(c.p90).toBeLessThan(0.97);
    expect(c.p99).toBeGreaterThan(0.96);
  });
});
