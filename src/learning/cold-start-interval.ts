/**
 * The stored distribution of a cold-start forecast (cold-start.ts gives a level and σ per week).
 * Weekly quantiles are mean + z·σ, cut at 0, with z from a unit-variance Student t with 4 degrees
 * of freedom (`tail` 't4', the default): t₄(p) / √2, closed form t₄(p) = 2·sign(p − ½)·√(q − 1),
 * q = cos(arccos(√α) / 3) / √α, α = 4p(1 − p) — z₀.₉₀ = 1.0841, z₀.₉₅ = 1.5074, z₀.₉₉ = 2.6495
 * (normal: 1.2816, 1.6449, 2.3263). A new SKU's errors are heavier-tailed than normal (σ comes
 * from a handful of weeks; intermittent and lumpy SKUs spike): with normal quantiles the bench
 * (bench/learning/cold-start.ts) had p90 over-covered while p99 fell short. `tail` 'normal' keeps
 * the normal ones. The horizon total treats the weeks' errors as one shared error (correlation 1):
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

/** Quantile p of Student's t with 4 degrees of freedom, scaled to unit variance (÷ √2). */
export function unitT4Quantile(p: number): number {
  if (p === 0.5) return 0;
  const alpha = 4 * p * (1 - p);
  const q = Math.cos(Math.acos(Math.sqrt(alpha)) / 3) / Math.sqrt(alpha);
  return (Math.sign(p - 0.5) * 2 * Math.sqrt(q - 1)) / Math.SQRT2;
}

export type ColdStartTail = 't4' | 'normal';

export function coldStartDistribution(mean: readonly number[], sd: readonly number[], tail: ColdStartTail = 't4'): ColdStartDistribution {
  const z = tail === 't4' ? unitT4Quantile : inverseNormalCdf;
  const at = (m: number, s: number, p: number) => Math.max(0, m + z(p) * s);
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
