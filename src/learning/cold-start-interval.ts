/**
 * The stored distribution of a cold-start forecast (cold-start.ts gives a level and σ per week).
 * Weekly quantiles are normal ones, mean + z·σ (z₀.₉₀ = 1.2816, z₀.₉₅ = 1.6449, z₀.₉₉ = 2.3263),
 * cut at 0. The horizon total treats the weeks' errors as one shared error (correlation 1):
 * σ_total = Σ σ_week, not √(Σ σ²) — what a cold start does not know is the new SKU's level, and a
 * wrong level is wrong in every week alike, so the total's interval stays wide too.
 */
import { inverseNormalCdf } from '../common/normal';

export interface ColdStartDistribution {
  mean: number[];
  sd: number[];
  quantiles: { p50: number[]; p90: number[]; p95: number[]; p99: number[] };
  total: { mean: number; sd: number; p50: number; p90: number; p95: number; p99: number };
}

const LEVELS = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;

export function coldStartDistribution(mean: readonly number[], sd: readonly number[]): ColdStartDistribution {
  const at = (m: number, s: number, p: number) => Math.max(0, m + inverseNormalCdf(p) * s);
  const quantile = (p: number) => mean.map((m, i) => at(m, sd[i], p));
  const totalMean = mean.reduce((s, m) => s + m, 0);
  const totalSd = sd.reduce((s, x) => s + x, 0);
  return {
    mean: [...mean],
    sd: [...sd],
    quantiles: { p50: quantile(LEVELS.p50), p90: quantile(LEVELS.p90), p95: quantile(LEVELS.p95), p99: quantile(LEVELS.p99) },
    total: {
      mean: totalMean,
      sd: totalSd,
      p50: at(totalMean, totalSd, LEVELS.p50),
      p90: at(totalMean, totalSd, LEVELS.p90),
      p95: at(totalMean, totalSd, LEVELS.p95),
      p99: at(totalMean, totalSd, LEVELS.p99),
    },
  };
}
