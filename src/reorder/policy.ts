/**
 * The reorder policy: a periodic-review (R, s, S) system.
 *
 * Every review (each night, or only on the days a supplier takes orders) the stock position
 *   position = on hand + on order − backorders
 * is compared with the reorder point s; at or below it we order up to S:
 *   quantity = S − position, rounded up to the lot size, at least the minimum order quantity.
 *
 *   P  = lead time L + review period R (days): an order placed now is the last chance to protect
 *        stock until the order after it can arrive.
 *   d, σ_d: mean and sd of daily demand, from the forecast's own distribution:
 *        d = mean weekly demand / 7, σ_d = σ_week / √7 (days within a week assumed independent;
 *        σ_week is the forecast's predictive sd of one week's total, so forecast error is in it).
 *   σ_P = √(P·σ_d² + d²·σ_L²)  (random demand over a random lead time; Silver, Pyke & Peterson §7).
 *   s  = d·P + safety stock;  S = s + cycle stock (4 weeks of demand, or the EOQ), so S ≥ s always.
 *
 * Two ways to set the safety stock (`method`):
 *  - 'normal': the textbook z·σ_P with z = Φ⁻¹(service level). Simulation (bench/service-level)
 *    shows it misses the promised cycle service level: the stock position undershoots s between
 *    reviews, daily demand is skewed, and d·P over-covers with weekly review.
 *  - 'calibrated' (default): s is the service-level quantile of the demand that must be covered
 *    before the order arrives — lead-time demand plus the undershoot of s at the review that
 *    triggers the order — from a gamma distribution matched to its mean and variance, plus the
 *    forecast's shared (level) error when the forecast gives the sd of its multi-week total
 *    (see demand-over-period.ts). With a variable lead time and a supplier that delivers in order,
 *    an order can be held back behind a late earlier one: the stock is then exposed longer than
 *    the lead time (lead-time-exposure.ts), which matters when orders are frequent relative to
 *    the lead-time spread. Safety stock is then s − d·P, reported as such; it can be
 *    smaller than the textbook one with weekly review (the textbook covers a whole extra review
 *    period of demand, the undershoot is about half of one) and is negative only in extreme
 *    cases (very low targets). bench/service-level and docs/bench/service-level.md show that it
 *    delivers the class targets within a point, nightly and weekly.
 *
 * Every recommendation carries every input and intermediate number so it can be recomputed.
 * Pure: no Nest, no database, no clock.
 */
import { AbcClass } from './abc';
import { inverseNormalCdf, inverseNormalLoss } from '../common/normal';
import { calibratedReorderPoint, CalibratedReorderPoint } from './demand-over-period';
import { DEFAULT_DELIVERIES, Deliveries } from './lead-time-exposure';

export type ReorderMethod = 'normal' | 'calibrated';
export type ReorderPriority = 'urgent' | 'high' | 'medium' | 'low';

/** Target cycle service level (probability of no stockout per replenishment cycle) by class. */
export const DEFAULT_SERVICE_LEVELS: Readonly<Record<AbcClass, number>> = Object.freeze({ A: 0.99, B: 0.95, C: 0.9 });
export const DEFAULT_CYCLE_STOCK_WEEKS = 4;
export const NIGHTLY_REVIEW_PERIOD_DAYS = 1;
/** Days until stockout reported when daily demand is 0 (no stockout in sight): ~27 years. */
export const DAYS_UNTIL_STOCKOUT_CAP = 9999;
export const DEFAULT_REORDER_METHOD: ReorderMethod = 'calibrated';

/** The class target unless the item overrides it. */
export function targetServiceLevel(abcClass: AbcClass, itemOverride?: number | null, byClass: Readonly<Record<AbcClass, number>> = DEFAULT_SERVICE_LEVELS): number {
  const level = itemOverride ?? byClass[abcClass];
  assertProbability(level, 'serviceLevel');
  return level;
}

export interface WeeklyDemandForecast {
  /** Forecast mean demand per week for the next weeks (week 1 first), units. */
  meanPerWeek: readonly number[];
  /** Predictive sd of each week's total demand, units. */
  sdPerWeek: readonly number[];
  /**
   * Optional predictive sd of the total over all forecast weeks. When it exceeds √Σ sd², the
   * weeks' errors are positively correlated (an error in the forecast level is shared by every
   * week); the calibrated method then carries that shared part over the whole exposure
   * (variance growing with T², not T). Ignored by 'normal'.
   */
  totalSd?: number | null;
}

export interface EconomicOrderInputs {
  /** Fixed cost of placing one order (money). */
  orderingCost: number;
  /** Holding cost per year as a share of unit cost (0.25 = 25 %/year). */
  holdingCostRatePerYear: number;
  unitCost: number;
}

export interface ReorderInput {
  forecast: WeeklyDemandForecast;
  leadTimeDays: number;
  /** Lead-time sd (item, else supplier); 0 or absent when the lead time is reliable. */
  leadTimeSdDays?: number;
  /** Days between order opportunities: 1 for the nightly review, 7 for a weekly supplier. */
  reviewPeriodDays?: number;
  /**
   * With a variable lead time: does the supplier deliver orders in the order they were placed
   * ('in-order', default: an order may be held back behind an earlier late one) or can a later
   * order overtake an earlier one ('independent')? See lead-time-exposure.ts. Used by 'calibrated'.
   */
  deliveries?: Deliveries;
  /** Target cycle service level 0–1 (see targetServiceLevel). */
  serviceLevel: number;
  /** Optional fill-rate (type 2) target 0–1; the reorder point meets both targets. */
  fillRateTarget?: number | null;
  onHandUnits: number;
  /** Open (approved, not yet received) purchase-order quantity. */
  onOrderUnits: number;
  backorderedUnits?: number;
  /** Orders are multiples of this (0 or absent: any quantity). */
  lotSizeUnits?: number | null;
  minOrderQtyUnits?: number | null;
  /** Cycle stock in weeks of forecast demand (default 4); ignored when economicOrder is set. */
  cycleStockWeeks?: number;
  economicOrder?: EconomicOrderInputs | null;
  method?: ReorderMethod;
}

export interface ReorderRecommendation {
  method: ReorderMethod;
  /** The input, with defaults filled in. */
  inputs: Required<Omit<ReorderInput, 'economicOrder' | 'fillRateTarget' | 'lotSizeUnits' | 'minOrderQtyUnits'>> & {
    economicOrder: EconomicOrderInputs | null;
    fillRateTarget: number | null;
    lotSizeUnits: number;
    minOrderQtyUnits: number;
  };
  demandPerDay: number;
  demandSdPerDay: number;
  protectionIntervalDays: number;
  /** d·P */
  demandOverProtectionUnits: number;
  /** σ_P = √(P·σ_d² + d²·σ_L²) */
  demandSdOverProtectionUnits: number;
  /** z = Φ⁻¹(serviceLevel) for 'normal'; the same number for reference with 'calibrated'. */
  z: number;
  /** Safety factor actually used by 'normal' (z, or larger to meet the fill rate). */
  safetyFactor: number | null;
  /** Details of the calibrated reorder point (null for 'normal'). */
  calibrated: CalibratedReorderPoint | null;
  safetyStockUnits: number;
  reorderPointUnits: number;
  cycleStockUnits: number;
  economicOrderQuantityUnits: number | null;
  orderUpToUnits: number;
  stockPositionUnits: number;
  reorderDue: boolean;
  orderQuantityUnits: number;
  daysUntilStockout: number;
  priority: ReorderPriority;
}

function assertProbability(value: number, field: string): void {
  if (!(value > 0 && value < 1)) throw new RangeError(`${field} must be strictly between 0 and 1, got ${value}`);
}

function assertNonNegative(value: number, field: string): void {
  if (!(Number.isFinite(value) && value >= 0)) throw new RangeError(`${field} must be a finite number ≥ 0, got ${value}`);
}

/**
 * d and σ_d from a weekly forecast. d = average forecast weekly mean / 7. σ_d = rms weekly sd / √7,
 * which assumes the 7 days of a week are independent (Var(week) = 7·Var(day)); the rms keeps the
 * average variance, not the average sd.
 *
 * With `totalSd` over n ≥ 2 weeks, the weekly variance σ_w² is split into a part shared by all
 * weeks σ_c² (Var(total) = n·σ_w² + n(n−1)·σ_c², so σ_c² = (Var(total) − Σσ_w²)/(n(n−1)), kept
 * within [0, σ_w²]) and an independent part σ_w² − σ_c². Per day: independent sd √((σ_w² − σ_c²)/7),
 * shared sd σ_c/7. Without `totalSd` the shared part is 0.
 */
export function dailyDemandFromWeekly(forecast: WeeklyDemandForecast): {
  demandPerDay: number;
  demandSdPerDay: number;
  independentSdPerDay: number;
  sharedSdPerDay: number;
} {
  const { meanPerWeek, sdPerWeek } = forecast;
  const n = meanPerWeek.length;
  if (n === 0) throw new RangeError('forecast.meanPerWeek must have at least one week');
  if (sdPerWeek.length !== n) throw new RangeError(`forecast.sdPerWeek must have ${n} weeks, got ${sdPerWeek.length}`);
  meanPerWeek.forEach((v, i) => assertNonNegative(v, `forecast.meanPerWeek[${i}]`));
  sdPerWeek.forEach((v, i) => assertNonNegative(v, `forecast.sdPerWeek[${i}]`));
  const totalSd = forecast.totalSd ?? null;
  if (totalSd !== null) assertNonNegative(totalSd, 'forecast.totalSd');
  const meanWeek = meanPerWeek.reduce((a, b) => a + b, 0) / n;
  const sumSquares = sdPerWeek.reduce((a, b) => a + b * b, 0);
  const varianceWeek = sumSquares / n;
  const sharedVarianceWeek = totalSd !== null && n >= 2 ? Math.min(varianceWeek, Math.max(0, (totalSd * totalSd - sumSquares) / (n * (n - 1)))) : 0;
  return {
    demandPerDay: meanWeek / 7,
    demandSdPerDay: Math.sqrt(varianceWeek / 7),
    independentSdPerDay: Math.sqrt((varianceWeek - sharedVarianceWeek) / 7),
    sharedSdPerDay: Math.sqrt(sharedVarianceWeek) / 7,
  };
}

/** σ_P = √(P·σ_d² + d²·σ_L²), units. */
export function demandSdOverPeriod(demandPerDay: number, demandSdPerDay: number, periodDays: number, leadTimeSdDays: number): number {
  return Math.sqrt(periodDays * demandSdPerDay ** 2 + demandPerDay ** 2 * leadTimeSdDays ** 2);
}

/** Textbook safety stock z·σ_P. */
export function normalSafetyStock(serviceLevel: number, demandSdOverProtectionUnits: number): number {
  return inverseNormalCdf(serviceLevel) * demandSdOverProtectionUnits;
}

/** Economic order quantity √(2·D·K / (h·c)), D = annual demand units. */
export function economicOrderQuantity(demandPerYear: number, economicOrder: EconomicOrderInputs): number {
  const { orderingCost, holdingCostRatePerYear, unitCost } = economicOrder;
  assertNonNegative(orderingCost, 'economicOrder.orderingCost');
  if (!(holdingCostRatePerYear > 0)) throw new RangeError(`economicOrder.holdingCostRatePerYear must be > 0, got ${holdingCostRatePerYear}`);
  if (!(unitCost > 0)) throw new RangeError(`economicOrder.unitCost must be > 0, got ${unitCost}`);
  return Math.sqrt((2 * demandPerYear * orderingCost) / (holdingCostRatePerYear * unitCost));
}

/** on hand + on order − backorders. */
export function stockPosition(onHandUnits: number, onOrderUnits: number, backorderedUnits = 0): number {
  return onHandUnits + onOrderUnits - backorderedUnits;
}

/**
 * S − position rounded up to the lot size and at least the MOQ (itself rounded up to the lot);
 * 0 when the position is above the reorder point or already at/above S.
 */
export function orderQuantity(stockPositionUnits: number, reorderPointUnits: number, orderUpToUnits: number, lotSizeUnits = 0, minOrderQtyUnits = 0): number {
  if (stockPositionUnits > reorderPointUnits) return 0;
  const shortfall = orderUpToUnits - stockPositionUnits;
  if (!(shortfall > 0)) return 0;
  const wanted = Math.max(shortfall, minOrderQtyUnits);
  if (!(lotSizeUnits > 0)) return wanted;
  // Guard against 2.0000000001 lots from floating-point noise before rounding up.
  return Math.ceil(wanted / lotSizeUnits - 1e-9) * lotSizeUnits;
}

/** (position − safety stock) / d; DAYS_UNTIL_STOCKOUT_CAP when d = 0. Negative: already inside safety stock. */
export function daysUntilStockout(stockPositionUnits: number, safetyStockUnits: number, demandPerDay: number): number {
  if (!(demandPerDay > 0)) return DAYS_UNTIL_STOCKOUT_CAP;
  return Math.min(DAYS_UNTIL_STOCKOUT_CAP, (stockPositionUnits - safetyStockUnits) / demandPerDay);
}

/**
 * How soon a person should look, measured against an order placed today, which arrives after the
 * lead time L:
 * - urgent: the stock position runs out (position / d < L) before it could arrive — a stockout is expected;
 * - high: the position falls into the safety stock (days until stockout, (position − SS) / d, < L) before it arrives;
 * - medium: the reorder is due (the position is below the reorder point) but the safety stock is
 *   not expected to be touched — the routine order of a SKU that just crossed its reorder point;
 * - low: no reorder due (nothing to order).
 * An earlier rule (urgent < L, high < 1.5 L on the days until stockout) left medium unreachable:
 * a reorder is due only while days until stockout < L + review period, which is < 1.5 L whenever
 * the review period is under half the lead time (nightly review), so every ordering line was
 * urgent or high and the phase rules (phase-rules.ts) had nothing to treat as routine.
 * `daysUntilEmptyValue` (position / d) defaults to the days until stockout (no safety stock).
 */
export function reorderPriority(daysUntilStockoutValue: number, leadTimeDays: number, reorderDue: boolean, daysUntilEmptyValue = daysUntilStockoutValue): ReorderPriority {
  if (daysUntilEmptyValue < leadTimeDays) return 'urgent';
  if (daysUntilStockoutValue < leadTimeDays) return 'high';
  if (reorderDue) return 'medium';
  return 'low';
}

/** The whole policy for one item: every intermediate number is returned. */
export function recommendReorder(input: ReorderInput): ReorderRecommendation {
  const method = input.method ?? DEFAULT_REORDER_METHOD;
  const leadTimeSdDays = input.leadTimeSdDays ?? 0;
  const reviewPeriodDays = input.reviewPeriodDays ?? NIGHTLY_REVIEW_PERIOD_DAYS;
  const deliveries = input.deliveries ?? DEFAULT_DELIVERIES;
  const backorderedUnits = input.backorderedUnits ?? 0;
  const lotSizeUnits = input.lotSizeUnits ?? 0;
  const minOrderQtyUnits = input.minOrderQtyUnits ?? 0;
  const cycleStockWeeks = input.cycleStockWeeks ?? DEFAULT_CYCLE_STOCK_WEEKS;
  const fillRateTarget = input.fillRateTarget ?? null;
  const economicOrder = input.economicOrder ?? null;

  assertNonNegative(input.leadTimeDays, 'leadTimeDays');
  assertNonNegative(leadTimeSdDays, 'leadTimeSdDays');
  if (!(reviewPeriodDays >= 1 && Number.isFinite(reviewPeriodDays))) throw new RangeError(`reviewPeriodDays must be ≥ 1, got ${reviewPeriodDays}`);
  assertProbability(input.serviceLevel, 'serviceLevel');
  if (fillRateTarget !== null) assertProbability(fillRateTarget, 'fillRateTarget');
  if (!Number.isFinite(input.onHandUnits)) throw new RangeError(`onHandUnits must be finite, got ${input.onHandUnits}`);
  assertNonNegative(input.onOrderUnits, 'onOrderUnits');
  assertNonNegative(backorderedUnits, 'backorderedUnits');
  assertNonNegative(lotSizeUnits, 'lotSizeUnits');
  assertNonNegative(minOrderQtyUnits, 'minOrderQtyUnits');
  assertNonNegative(cycleStockWeeks, 'cycleStockWeeks');

  const { demandPerDay, demandSdPerDay, independentSdPerDay, sharedSdPerDay } = dailyDemandFromWeekly(input.forecast);
  const protectionIntervalDays = input.leadTimeDays + reviewPeriodDays;
  const demandOverProtectionUnits = demandPerDay * protectionIntervalDays;
  const demandSdOverProtectionUnits = demandSdOverPeriod(demandPerDay, demandSdPerDay, protectionIntervalDays, leadTimeSdDays);
  const z = inverseNormalCdf(input.serviceLevel);

  const economicOrderQuantityUnits = economicOrder ? economicOrderQuantity(demandPerDay * 365, economicOrder) : null;
  const cycleStockUnits = economicOrderQuantityUnits ?? cycleStockWeeks * 7 * demandPerDay;

  let safetyFactor: number | null = null;
  let calibrated: CalibratedReorderPoint | null = null;
  let reorderPointUnits: number;
  if (method === 'normal') {
    safetyFactor = z;
    if (fillRateTarget !== null && demandSdOverProtectionUnits > 0 && cycleStockUnits > 0) {
      // Expected shortage per cycle σ_P·G(k) ≤ (1 − β)·Q, Q = cycle stock (SPP eq. 7.21).
      safetyFactor = Math.max(z, inverseNormalLoss(((1 - fillRateTarget) * cycleStockUnits) / demandSdOverProtectionUnits));
    }
    reorderPointUnits = demandOverProtectionUnits + safetyFactor * demandSdOverProtectionUnits;
  } else {
    calibrated = calibratedReorderPoint({
      demandPerDay,
      demandSdPerDay: independentSdPerDay,
      sharedSdPerDay,
      leadTimeDays: input.leadTimeDays,
      leadTimeSdDays,
      reviewPeriodDays,
      deliveries,
      serviceLevel: input.serviceLevel,
      fillRateTarget,
      orderQuantityUnits: cycleStockUnits,
    });
    reorderPointUnits = calibrated.reorderPointUnits;
  }
  const safetyStockUnits = reorderPointUnits - demandOverProtectionUnits;
  const orderUpToUnits = reorderPointUnits + cycleStockUnits;
  const stockPositionUnits = stockPosition(input.onHandUnits, input.onOrderUnits, backorderedUnits);
  const orderQuantityUnits = orderQuantity(stockPositionUnits, reorderPointUnits, orderUpToUnits, lotSizeUnits, minOrderQtyUnits);
  const reorderDue = orderQuantityUnits > 0;
  const days = daysUntilStockout(stockPositionUnits, safetyStockUnits, demandPerDay);

  return {
    method,
    inputs: {
      forecast: input.forecast,
      leadTimeDays: input.leadTimeDays,
      leadTimeSdDays,
      reviewPeriodDays,
      deliveries,
      serviceLevel: input.serviceLevel,
      fillRateTarget,
      onHandUnits: input.onHandUnits,
      onOrderUnits: input.onOrderUnits,
      backorderedUnits,
      lotSizeUnits,
      minOrderQtyUnits,
      cycleStockWeeks,
      economicOrder,
      method,
    },
    demandPerDay,
    demandSdPerDay,
    protectionIntervalDays,
    demandOverProtectionUnits,
    demandSdOverProtectionUnits,
    z,
    safetyFactor,
    calibrated,
    safetyStockUnits,
    reorderPointUnits,
    cycleStockUnits,
    economicOrderQuantityUnits,
    orderUpToUnits,
    stockPositionUnits,
    reorderDue,
    orderQuantityUnits,
    daysUntilStockout: days,
    priority: reorderPriority(days, input.leadTimeDays, reorderDue, daysUntilStockout(stockPositionUnits, 0, demandPerDay)),
  };
}
