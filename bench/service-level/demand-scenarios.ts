/**
 * The simulated catalogue of the service-level bench: a seeded population of SKUs, each with a
 * true daily demand distribution and a supplier lead time, and its daily demand series.
 *
 * Families:
 *  - 'gamma': continuous daily demand, gamma with mean μ and coefficient of variation 0.3–1.5.
 *  - 'intermittent': whole units, negative binomial (a compound Poisson: Poisson arrivals with
 *    logarithmic sizes) with mean 0.1–2 units/day and dispersion 0.3–3, so most days have no
 *    demand for the slow items; daily CV is 1–3.5.
 * Lead time: 5–45 days; half the SKUs have a variable lead time (sd = 25 % of the mean by default,
 * `leadTimeCv`; gamma distributed, rounded to whole days, at least 1), the other half a fixed one.
 */
import { mixSeed, sampleGamma, sampleInt, sampleNegativeBinomial, sampleUniform, Uniform, xoshiro128ss } from '../../src/common/prng';

export type DemandFamily = 'gamma' | 'intermittent';

export interface SimulatedSku {
  id: number;
  family: DemandFamily;
  meanPerDay: number;
  sdPerDay: number;
  /** Negative binomial dispersion (intermittent only). */
  dispersion: number | null;
  leadTimeDays: number;
  leadTimeSdDays: number;
}

/** Lead-time sd as a share of the mean lead time for the variable-lead-time half of the catalogue. */
export const DEFAULT_LEAD_TIME_CV = 0.25;

export function simulatedCatalogue(skuCount: number, intermittentShare: number, seed: number, leadTimeCv = DEFAULT_LEAD_TIME_CV): SimulatedSku[] {
  const rand = xoshiro128ss(mixSeed(seed, 1));
  const skus: SimulatedSku[] = [];
  const intermittentCount = Math.round(skuCount * intermittentShare);
  for (let id = 0; id < skuCount; id++) {
    const family: DemandFamily = id < skuCount - intermittentCount ? 'gamma' : 'intermittent';
    const leadTimeDays = sampleInt(rand, 5, 45);
    const leadTimeSdDays = id % 2 === 0 ? 0 : leadTimeCv * leadTimeDays;
    if (family === 'gamma') {
      const meanPerDay = Math.exp(sampleUniform(rand, Math.log(2), Math.log(200)));
      const cv = sampleUniform(rand, 0.3, 1.5);
      skus.push({ id, family, meanPerDay, sdPerDay: cv * meanPerDay, dispersion: null, leadTimeDays, leadTimeSdDays });
    } else {
      const meanPerDay = Math.exp(sampleUniform(rand, Math.log(0.1), Math.log(2)));
      const dispersion = sampleUniform(rand, 0.3, 3);
      skus.push({ id, family, meanPerDay, sdPerDay: Math.sqrt(meanPerDay + (meanPerDay * meanPerDay) / dispersion), dispersion, leadTimeDays, leadTimeSdDays });
    }
  }
  return skus;
}

/** `days` days of demand for one SKU, from its own seeded stream (same series for every policy). */
export function dailyDemandSeries(sku: SimulatedSku, days: number, seed: number): Float64Array {
  const rand = xoshiro128ss(mixSeed(seed, 2, sku.id));
  const series = new Float64Array(days);
  for (let t = 0; t < days; t++) series[t] = sampleDailyDemand(rand, sku);
  return series;
}

function sampleDailyDemand(rand: Uniform, sku: SimulatedSku): number {
  if (sku.family === 'gamma') {
    const shape = (sku.meanPerDay / sku.sdPerDay) ** 2;
    return sampleGamma(rand, shape, sku.meanPerDay / shape);
  }
  return sampleNegativeBinomial(rand, sku.meanPerDay, sku.dispersion!);
}

/** Lead time of one order: fixed, or gamma(mean L, sd σ_L) rounded to whole days (≥ 1). */
export function sampleLeadTimeDays(rand: Uniform, sku: SimulatedSku): number {
  if (!(sku.leadTimeSdDays > 0)) return sku.leadTimeDays;
  const shape = (sku.leadTimeDays / sku.leadTimeSdDays) ** 2;
  return Math.max(1, Math.round(sampleGamma(rand, shape, sku.leadTimeDays / shape)));
}
