/**
 * Seeded synthetic weekly demand for the GBDT bench: every series starts in ISO week 1, has a
 * level spanning three decades, a linear trend, yearly seasonality with its own amplitude and
 * phase, and noise; a quarter of them are intermittent (demand in some weeks only).
 */
import { xoshiro128ss } from '../../src/common/prng';

/** Poisson draw (Knuth for small means, normal approximation above 30). */
function poisson(mean: number, random: () => number): number {
  if (mean <= 0) return 0;
  if (mean > 30) {
    const u = Math.max(1e-12, random());
    const z = Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * random());
    return Math.max(0, Math.round(mean + Math.sqrt(mean) * z));
  }
  const limit = Math.exp(-mean);
  let k = 0;
  let p = random();
  while (p > limit) {
    k++;
    p *= random();
  }
  return k;
}

export function syntheticWeeklySeries(count: number, weeks: number, seed: number): number[][] {
  const random = xoshiro128ss(seed);
  const result: number[][] = [];
  for (let s = 0; s < count; s++) {
    const intermittent = random() < 0.25;
    const level = intermittent ? 0.2 + 2 * random() : 10 ** (0.5 + 2.5 * random());
    const trendPerWeek = (random() - 0.5) * 0.006; // ±0.3 % of the level per week
    const amplitude = random() < 0.3 ? 0 : 0.5 * random();
    const phase = 2 * Math.PI * random();
    const occurrence = 0.15 + 0.5 * random();
    const y: number[] = [];
    for (let t = 0; t < weeks; t++) {
      const seasonal = 1 + amplitude * Math.sin((2 * Math.PI * t) / 52.18 + phase);
      const mean = Math.max(0, level * (1 + trendPerWeek * t) * seasonal);
      if (intermittent) {
        y.push(random() < occurrence ? 1 + poisson(mean / occurrence, random) : 0);
      } else {
        y.push(poisson(mean, random));
      }
    }
    result.push(y);
  }
  return result;
}
