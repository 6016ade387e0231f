/**
 * ADIDA — Aggregate–Disaggregate Intermittent Demand Approach (Nikolopoulos, Syntetos, Boylan,
 * Petropoulos & Assimakopoulos 2011, JORS 62(3)). Sum the history into non-overlapping buckets
 * of k periods, k = the mean inter-demand interval rounded (so a typical bucket holds one
 * demand, and the zeros are gone), counted back from the last observation; forecast the bucket
 * totals with SES (ses.ts); each future period gets the bucket forecast / k.
 *
 * Spread: σ of the SES on bucket totals, spread evenly over the k periods of a bucket
 * (σ_period = σ_bucket/√k, independent periods), grown like SES per bucket ahead:
 * σ_period·√(1 + (j−1)α²) for a step in the j-th bucket ahead.
 */
import { FitOptions, FittedModel, ForecastModel, PointForecast } from './model';
import { assertUsableHistory, cleanSd } from './history';
import { fitSes } from './ses';

export const ADIDA_MIN_HISTORY = 4;

/** Mean interval between non-zero demands, rounded, at least 1 (1 when there is no demand). */
export function aggregationLevel(y: readonly number[]): number {
  let demands = 0;
  for (const v of y) if (v > 0) demands++;
  if (demands === 0) return 1;
  return Math.max(1, Math.round(y.length / demands));
}

export const adidaModel: ForecastModel = {
  name: 'adida',
  minHistory: () => ADIDA_MIN_HISTORY,
  fit(y: readonly number[], _options: FitOptions): FittedModel {
    assertUsableHistory(y, ADIDA_MIN_HISTORY, 'adida');
    const demand = y.map((v) => (v > 0 ? v : 0));
    let k = aggregationLevel(demand);
    // Keep at least 3 buckets to fit SES on.
    k = Math.max(1, Math.min(k, Math.floor(demand.length / 3)));
    const buckets: number[] = [];
    for (let end = demand.length; end - k >= 0; end -= k) {
      let total = 0;
      for (let t = end - k; t < end; t++) total += demand[t];
      buckets.unshift(total);
    }
    const ses = fitSes(buckets);
    const bucketSigma = Math.sqrt(ses.sse / Math.max(1, buckets.length - 2));
    const ratePerPeriod = Math.max(0, ses.level / k);
    const periodSigma = bucketSigma / Math.sqrt(k);
    return {
      predict(h: number): PointForecast {
        const mean = new Array<number>(h).fill(Number.isFinite(ratePerPeriod) ? ratePerPeriod : 0);
        const sd = Array.from({ length: h }, (_, i) => {
          const bucketsAhead = Math.floor(i / k) + 1;
          return periodSigma * Math.sqrt(1 + (bucketsAhead - 1) * ses.alpha * ses.alpha);
        });
        return { mean, sd: cleanSd(sd) };
      },
    };
  },
};
