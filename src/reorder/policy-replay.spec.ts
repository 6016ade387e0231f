/**
 * An independent replay of recommendReorder under variable lead times — its own day loop, its own
 * catalogue, nothing from bench/service-level — so that a regression of the lead-time handling
 * fails a unit test (issue 7: a replay like this found B and C up to 4 points below target).
 *
 * Every SKU: daily gamma demand (CV 0.3–1.5), the true distribution as the forecast, a lead time of
 * 20–45 days drawn per order from a gamma with a 40 % coefficient of variation, delivered by a
 * supplier in the order the orders were placed, small orders (one week of demand) so that several
 * are in flight. Each morning: arrivals; the review (every day or every 7th day); then the day's
 * demand, backordered when short. A replenishment cycle ends at each day with an arrival and is
 * a stockout cycle when the net stock just before that arrival is negative.
 */
import { recommendReorder } from './policy';
import { Deliveries } from './lead-time-exposure';
import { mixSeed, sampleGamma, sampleInt, sampleUniform, xoshiro128ss } from '../common/prng';

const CLASSES = [
  ['A', 0.99],
  ['B', 0.95],
  ['C', 0.9],
] as const;

interface ReplayResult {
  cycles: number;
  stockoutCycles: number;
}

function replayClass(serviceLevel: number, reviewPeriodDays: number, policyDeliveries: Deliveries, skus: number, seed: number): ReplayResult {
  const result: ReplayResult = { cycles: 0, stockoutCycles: 0 };
  const catalogue = xoshiro128ss(mixSeed(seed, 1));
  const warmupDays = 91;
  const measuredDays = 3 * 364;
  for (let sku = 0; sku < skus; sku++) {
    const meanPerDay = sampleUniform(catalogue, 5, 50);
    const cv = sampleUniform(catalogue, 0.3, 1.5);
    const leadTimeDays = sampleInt(catalogue, 20, 45);
    const leadTimeSdDays = 0.4 * leadTimeDays;
    const demandShape = 1 / (cv * cv);
    const leadTimeShape = (leadTimeDays / leadTimeSdDays) ** 2;
    const demandRand = xoshiro128ss(mixSeed(seed, 2, sku));
    const leadRand = xoshiro128ss(mixSeed(seed, 3, sku, reviewPeriodDays));
    const week = 7 * meanPerDay;
    const weekSd = Math.sqrt(7) * cv * meanPerDay;
    const policy = (onHandUnits: number, onOrderUnits: number, backorderedUnits: number) =>
      recommendReorder({
        forecast: { meanPerWeek: [week, week, week, week], sdPerWeek: [weekSd, weekSd, weekSd, weekSd] },
        leadTimeDays,
        leadTimeSdDays,
        reviewPeriodDays,
        deliveries: policyDeliveries,
        serviceLevel,
        onHandUnits,
        onOrderUnits,
        backorderedUnits,
        cycleStockWeeks: 1,
      });
    let net = policy(0, 0, 0).orderUpToUnits;
    let onOrder = 0;
    let lastArrival = -1;
    const arrivals = new Map<number, number>();
    for (let day = 0; day < warmupDays + measuredDays; day++) {
      const arriving = arrivals.get(day);
      if (arriving !== undefined) {
        if (day >= warmupDays) {
          result.cycles++;
          if (net < 0) result.stockoutCycles++;
        }
        net += arriving;
        onOrder -= arriving;
        arrivals.delete(day);
      }
      if (day % reviewPeriodDays === 0) {
        const quantity = policy(Math.max(0, net), Math.max(0, onOrder), Math.max(0, -net)).orderQuantityUnits;
        if (quantity > 0) {
          const leadTime = Math.max(1, Math.round(sampleGamma(leadRand, leadTimeShape, leadTimeSdDays ** 2 / leadTimeDays)));
          const arrival = Math.max(day + leadTime, lastArrival); // the supplier delivers in order
          lastArrival = arrival;
          arrivals.set(arrival, (arrivals.get(arrival) ?? 0) + quantity);
          onOrder += quantity;
        }
      }
      net -= sampleGamma(demandRand, demandShape, meanPerDay / demandShape);
    }
  }
  return result;
}

describe('replay of the reorder policy with variable lead times, deliveries in order, small orders', () => {
  // 24 SKUs × 3 years: 1,850 cycles per class nightly, 1,630 weekly (held-back orders arrive
  // together); one standard error ≈ 0.25 / 0.5 / 0.7 points at 99 / 95 / 90 %. Measured with this
  // seed: nightly 98.8 / 94.9 / 89.3, weekly 99.0 / 94.1 / 88.8. Without the held-back exposure
  // (the policy told 'independent', i.e. exposed for the lead time itself, as before issue 7) the
  // same replay gives nightly 98.1 / 91.2 / 83.5 and weekly 98.5 / 91.7 / 85.4: B and C 3.4–6.5
  // points short.
  it.each([1, 7])('meets each class target within −1.5 … +2 points (review every %p days)', (reviewPeriodDays) => {
    const results = CLASSES.map(([abcClass, target]) => {
      const { cycles, stockoutCycles } = replayClass(target, reviewPeriodDays, 'in-order', 24, 2026);
      return { abcClass, cycles, points: Math.round(1000 * (1 - stockoutCycles / cycles - target)) / 10 };
    });
    // Lists name the class that misses.
    expect(results.filter((r) => r.cycles < 1500)).toEqual([]);
    expect(results.filter((r) => !(r.points >= -1.5 && r.points <= 2))).toEqual([]);
  });
});
