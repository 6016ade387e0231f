/**
 * One SKU, one policy, day by day — with the real policy code (src/reorder/policy.ts).
 *
 * Each day t:
 *   1. morning: orders due today arrive (they clear backorders first). An arrival closes a
 *      replenishment cycle — the interval since the previous arrival — and the cycle counts as a
 *      stockout cycle when the net stock just before the arrival is negative, i.e. some demand of
 *      the cycle could not be served from stock. (Net stock only falls between arrivals, so this
 *      is the same as "any demand in the cycle was short".) This is the event the cycle service
 *      level target is about.
 *   2. review day (every day for R = 1, every 7th day for R = 7): recommendReorder() with the
 *      current forecast, on hand, on order and backorders; a positive quantity is ordered and
 *      arrives on the morning of t + lead time (lead time sampled per order, so orders may
 *      cross when the lead time varies — unless deliveries are 'in-order', then an order arrives
 *      no earlier than the one placed before it). The lead time is counted from the morning of the order
 *      day, so an order is exposed to exactly L days of demand.
 *   3. the day's demand is served from stock; what cannot be served is backordered (no lost sales).
 * Only cycles that end, demand that occurs and stock held on measured days count.
 */
import { recommendReorder, ReorderMethod, WeeklyDemandForecast } from '../../src/reorder/policy';
import { Deliveries } from '../../src/reorder/lead-time-exposure';
import { mixSeed, xoshiro128ss } from '../../src/common/prng';
import { sampleLeadTimeDays, SimulatedSku } from './demand-scenarios';

export interface SkuPolicyRun {
  sku: SimulatedSku;
  /** Whole demand series: history days, then simulated days. */
  demand: Float64Array;
  /** Index of the first simulated day (the days before are history for forecasts). */
  startDay: number;
  warmupDays: number;
  measuredDays: number;
  /** Days between reviews in the simulation. */
  reviewPeriodDays: number;
  /** Review period told to the policy (normally the same; 1 to show what ignoring it costs). */
  policyReviewPeriodDays: number;
  serviceLevel: number;
  method: ReorderMethod;
  /** Forecast available on the morning of day t (uses only demand before t). */
  forecastAt: (day: number) => WeeklyDemandForecast;
  /** Orders are whole units for integer demand. */
  lotSizeUnits: number;
  /** Cycle stock S − s in weeks of forecast demand (policy default 4). */
  cycleStockWeeks?: number;
  /** Optional fill-rate target passed to the policy. */
  fillRateTarget?: number | null;
  /**
   * 'independent' (default): every order's lead time is its own draw, so a later order can
   * overtake an earlier one (orders cross). 'in-order': the supplier delivers in the order the
   * orders were placed — an order never arrives before the one placed before it.
   */
  deliveries?: Deliveries;
  /** What the policy is told about the deliveries (default: the truth, `deliveries`). */
  policyDeliveries?: Deliveries;
  seed: number;
}

export type { Deliveries };

export interface SkuOutcome {
  cycles: number;
  stockoutCycles: number;
  demandUnits: number;
  filledUnits: number;
  /** Σ over measured days of the average on-hand stock of the day. */
  onHandUnitDays: number;
  days: number;
  orders: number;
}

export function simulateSkuPolicy(run: SkuPolicyRun): SkuOutcome {
  const { sku, demand, startDay, warmupDays, measuredDays, reviewPeriodDays } = run;
  const rand = xoshiro128ss(mixSeed(run.seed, 3, sku.id, reviewPeriodDays));
  const measureFrom = startDay + warmupDays;
  const endDay = measureFrom + measuredDays;
  if (endDay > demand.length) throw new RangeError(`demand series too short: ${demand.length} < ${endDay}`);

  const arrivals = new Map<number, number>();
  let onOrderUnits = 0;
  let lastDue = -Infinity;
  // Start at the order-up-to level with nothing on order.
  const initial = policyAt(run, startDay, 0, 0);
  let netStockUnits = initial.orderUpToUnits;
  const outcome: SkuOutcome = { cycles: 0, stockoutCycles: 0, demandUnits: 0, filledUnits: 0, onHandUnitDays: 0, days: 0, orders: 0 };

  for (let t = startDay; t < endDay; t++) {
    const measured = t >= measureFrom;
    const arriving = arrivals.get(t);
    if (arriving !== undefined) {
      arrivals.delete(t);
      if (measured) {
        outcome.cycles++;
        if (netStockUnits < 0) outcome.stockoutCycles++;
      }
      netStockUnits += arriving;
      onOrderUnits -= arriving;
    }
    if ((t - startDay) % reviewPeriodDays === 0) {
      const recommendation = policyAt(run, t, netStockUnits, onOrderUnits);
      const quantity = recommendation.orderQuantityUnits;
      if (quantity > 0) {
        let due = t + sampleLeadTimeDays(rand, sku);
        if (run.deliveries === 'in-order') due = Math.max(due, lastDue);
        lastDue = due;
        arrivals.set(due, (arrivals.get(due) ?? 0) + quantity);
        onOrderUnits += quantity;
        if (measured) outcome.orders++;
      }
    }
    const demandToday = demand[t];
    const onHandMorning = Math.max(0, netStockUnits);
    const filled = Math.min(onHandMorning, demandToday);
    netStockUnits -= demandToday;
    if (measured) {
      outcome.demandUnits += demandToday;
      outcome.filledUnits += filled;
      outcome.onHandUnitDays += (onHandMorning + Math.max(0, netStockUnits)) / 2;
      outcome.days++;
    }
  }
  return outcome;
}

function policyAt(run: SkuPolicyRun, day: number, netStockUnits: number, onOrderUnits: number) {
  return recommendReorder({
    forecast: run.forecastAt(day),
    leadTimeDays: run.sku.leadTimeDays,
    leadTimeSdDays: run.sku.leadTimeSdDays,
    reviewPeriodDays: run.policyReviewPeriodDays,
    serviceLevel: run.serviceLevel,
    onHandUnits: Math.max(0, netStockUnits),
    onOrderUnits: Math.max(0, onOrderUnits),
    backorderedUnits: Math.max(0, -netStockUnits),
    lotSizeUnits: run.lotSizeUnits,
    cycleStockWeeks: run.cycleStockWeeks,
    fillRateTarget: run.fillRateTarget ?? null,
    // The policy is told how the supplier delivers, as it is told the lead-time sd.
    deliveries: run.policyDeliveries ?? run.deliveries ?? 'independent',
    method: run.method,
  });
}
