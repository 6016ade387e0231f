/**
 * The calibrated reorder point of a periodic-review (R, s, S) policy.
 *
 * What the cycle service level promises: a replenishment cycle is the time between two
 * consecutive order arrivals, and it ends without a stockout when the order that closes it
 * arrives before the net stock goes negative. The order is placed at the first review where the
 * position y has fallen to or below s, i.e. y = s − U with undershoot U ≥ 0, and the stock just
 * before it arrives is y − D_L (D_L = demand during the lead time). So
 *
 *     cycle service level = P(D_L + U ≤ s)                                  (exact for one order outstanding)
 *
 * The textbook instead covers D over P = L + R with a normal z. That over-covers the mean (U is
 * on average about half of a review period's demand, not all of it) while under-covering the
 * skew of daily demand — the bench shows both errors (bench/service-level).
 *
 *  - D_L: mean d·L, variance L·σ_d² + d²·σ_L² (demand over a random lead time). When lead times
 *    vary and the supplier delivers in order, an order can be held back behind the one before it
 *    and the exposure of a replenishment cycle is not L but a longer e (lead-time-exposure.ts);
 *    its mean and variance take the place of L and σ_L², τ = (Q + E[U])/d being the order interval.
 *  - A forecast error shared by all days (σ_shared per day, from the forecast's multi-week sd)
 *    does not average out: over the T = L + E[U]/d days that s covers it adds (T·σ_shared)².
 *  - U: renewal theory for the overshoot of a random walk with steps D_R (the demand of one
 *    review period, mean d·R, variance R·σ_d²), valid when an order covers several review
 *    periods:  E[U] = E[D_R²]/(2·E[D_R]),  E[U²] = E[D_R³]/(3·E[D_R]).  E[D_R³] is taken from
 *    a gamma with D_R's mean and variance (its third moment is m(m + v/m)(m + 2v/m)).
 *  - D_L and U are independent (U depends on demand before the order, D_L after), so the
 *    moments add; X = D_L + U is approximated by a gamma with that mean and variance, which
 *    captures the right skew of daily and intermittent demand. s = the service-level quantile of X.
 *
 * Small orders (less than about one review period of demand, e.g. a small EOQ with a weekly
 * supplier) break the renewal argument: then S, not s, decides, and s is floored at
 * quantile(D over L + R) − Q.
 *
 * With an optional fill-rate target β, s is raised if needed so that the expected units short
 * per cycle E[(X − s)⁺] ≤ (1 − β)·(expected order size Q + E[U]).
 *
 * Measured (docs/bench/service-level.md, 300 simulated SKUs × 3 years, nightly and weekly review):
 * every class within −0.3 … +0.9 points of its target with the true demand distribution and with
 * a calibrated estimator. Known bias: with variable lead times, many orders in flight and
 * deliveries that may cross ('independent'), d²·σ_L² over-protects (up to +4.5 points with
 * 3.5-day orders).
 */
import { gammaCdf, gammaFromMoments, gammaLoss, gammaQuantile, GammaParameters } from './gamma';
import { DEFAULT_DELIVERIES, Deliveries, leadTimeExposure } from './lead-time-exposure';

export interface CalibratedReorderPointInput {
  demandPerDay: number;
  /** sd of one day's demand, independent from day to day. */
  demandSdPerDay: number;
  /** sd of a forecast error shared by every day (level error); 0 when unknown. */
  sharedSdPerDay?: number;
  leadTimeDays: number;
  leadTimeSdDays: number;
  reviewPeriodDays: number;
  /** Target cycle service level 0–1. */
  serviceLevel: number;
  fillRateTarget: number | null;
  /** Order quantity the policy normally places (S − s); used for the fill-rate target, the small-order floor and the order interval. */
  orderQuantityUnits: number;
  /** How the supplier delivers when lead times vary (lead-time-exposure.ts); default 'in-order'. */
  deliveries?: Deliveries;
}

export interface CalibratedReorderPoint {
  deliveries: Deliveries;
  /** τ = max(R, (Q + E[U])/d): mean days between orders (Wald), for the lead-time exposure. */
  orderIntervalDays: number;
  /** √(τ·(σ_d/d)² + R²/12): sd of the days between orders. */
  orderIntervalSdDays: number;
  /** Mean and sd of the days the stock is exposed before a replenishment (= L, σ_L unless orders are held back). */
  exposureDays: number;
  exposureSdDays: number;
  /** Share of orders delivered together with the order before them ('in-order' only). */
  heldBackShare: number;
  /** E[D_L] = d·E[e] */
  leadTimeDemandMeanUnits: number;
  /** √(E[e]·σ_d² + d²·Var[e]); with e = L: √(L·σ_d² + d²·σ_L²) */
  leadTimeDemandSdUnits: number;
  /** E[U] = E[D_R²]/(2·E[D_R]) */
  expectedUndershootUnits: number;
  undershootSdUnits: number;
  /** (L + E[U]/d)·σ_shared: the forecast level error over the covered days. */
  sharedForecastErrorSdUnits: number;
  /** Mean and sd of X = D_L + U, the demand the reorder point must cover. */
  coveredDemandMeanUnits: number;
  coveredDemandSdUnits: number;
  /** Gamma fitted to X (null when X is deterministic). */
  coveredDemandShape: number | null;
  coveredDemandScaleUnits: number | null;
  /** The probability whose quantile of X is s (≥ serviceLevel when the fill rate binds). */
  quantileProbability: number;
  /** quantile(D over L + R) − order quantity: the floor for s when orders are small. */
  orderUpToBoundUnits: number;
  /** Which of the two set s: the undershoot quantile (usual) or the order-up-to bound. */
  binding: 'undershoot' | 'order-up-to';
  reorderPointUnits: number;
}

/** Mean and variance of the undershoot of s at the review that triggers an order (renewal theory). */
export function undershootMoments(demandPerReviewUnits: number, demandVariancePerReview: number): { mean: number; variance: number } {
  const m = demandPerReviewUnits;
  if (!(m > 0)) return { mean: 0, variance: 0 };
  const v = Math.max(0, demandVariancePerReview);
  const second = v + m * m;
  const third = m * (m + v / m) * (m + (2 * v) / m);
  const mean = second / (2 * m);
  const variance = Math.max(0, third / (3 * m) - mean * mean);
  return { mean, variance };
}

export function calibratedReorderPoint(input: CalibratedReorderPointInput): CalibratedReorderPoint {
  const { demandPerDay: d, demandSdPerDay: sdDay, reviewPeriodDays: R, serviceLevel, fillRateTarget } = input;
  const deliveries = input.deliveries ?? DEFAULT_DELIVERIES;
  const undershoot = undershootMoments(d * R, R * sdDay * sdDay);
  const orderIntervalDays = d > 0 ? Math.max(R, (input.orderQuantityUnits + undershoot.mean) / d) : R;
  // The time to use up Q + U units has variance ≈ τ·(σ_d/d)² (renewal CLT); orders fall on review
  // days, a lattice of step R, which adds about R²/12.
  const orderIntervalSdDays = d > 0 ? Math.sqrt((orderIntervalDays * sdDay * sdDay) / (d * d) + (R * R) / 12) : 0;
  const exposure = leadTimeExposure({ leadTimeDays: input.leadTimeDays, leadTimeSdDays: input.leadTimeSdDays, orderIntervalDays, orderIntervalSdDays, deliveries });
  const L = exposure.meanDays;
  const sdL = Math.sqrt(exposure.varianceDays);
  const leadTimeDemandMeanUnits = d * L;
  const leadTimeDemandVariance = L * sdDay * sdDay + d * d * sdL * sdL;
  const mean = leadTimeDemandMeanUnits + undershoot.mean;
  const sharedSd = input.sharedSdPerDay ?? 0;
  const coveredDays = d > 0 ? L + undershoot.mean / d : L;
  const sharedVariance = (coveredDays * sharedSd) ** 2;
  const variance = leadTimeDemandVariance + undershoot.variance + sharedVariance;

  const base = {
    deliveries,
    orderIntervalDays,
    orderIntervalSdDays,
    exposureDays: L,
    exposureSdDays: sdL,
    heldBackShare: exposure.heldBackShare,
    leadTimeDemandMeanUnits,
    leadTimeDemandSdUnits: Math.sqrt(leadTimeDemandVariance),
    expectedUndershootUnits: undershoot.mean,
    undershootSdUnits: Math.sqrt(undershoot.variance),
    sharedForecastErrorSdUnits: Math.sqrt(sharedVariance),
    coveredDemandMeanUnits: mean,
    coveredDemandSdUnits: Math.sqrt(variance),
  };
  if (!(mean > 0 && variance > 0)) {
    const orderUpToBoundUnits = d * (L + R) - input.orderQuantityUnits;
    return {
      ...base,
      coveredDemandShape: null,
      coveredDemandScaleUnits: null,
      quantileProbability: serviceLevel,
      orderUpToBoundUnits,
      binding: orderUpToBoundUnits > mean ? 'order-up-to' : 'undershoot',
      reorderPointUnits: Math.max(mean, orderUpToBoundUnits),
    };
  }
  const gamma: GammaParameters = gammaFromMoments(mean, variance);
  let quantileProbability = serviceLevel;
  let reorderPointUnits = gammaQuantile(serviceLevel, gamma);
  if (fillRateTarget !== null && input.orderQuantityUnits > 0) {
    const allowedShortUnits = (1 - fillRateTarget) * (input.orderQuantityUnits + undershoot.mean);
    if (gammaLoss(reorderPointUnits, gamma) > allowedShortUnits) {
      // E[(X − s)⁺] decreases in s: bisect between the service-level quantile and far in the tail.
      let lo = reorderPointUnits;
      let hi = Math.max(lo, mean) + 50 * Math.sqrt(variance);
      for (let i = 0; i < 200 && hi - lo > 1e-9 * Math.max(1, hi); i++) {
        const mid = (lo + hi) / 2;
        if (gammaLoss(mid, gamma) > allowedShortUnits) lo = mid;
        else hi = mid;
      }
      reorderPointUnits = hi;
      quantileProbability = gammaCdf(hi, gamma);
    }
  }
  // Small orders: when the order covers less than a review period the position is topped up to
  // S at (almost) every review, the policy behaves as an order-up-to (R, S) policy and S must
  // cover demand over L + R: s ≥ quantile(D_{L+R}) − Q. U ≤ D_R always, so with large orders
  // this bound is slack and the undershoot quantile above decides.
  const orderUpToBoundUnits = orderUpToBound({ ...input, leadTimeDays: L, leadTimeSdDays: sdL }, quantileProbability);
  const binding = orderUpToBoundUnits > reorderPointUnits ? 'order-up-to' : 'undershoot';
  return {
    ...base,
    coveredDemandShape: gamma.shape,
    coveredDemandScaleUnits: gamma.scale,
    quantileProbability,
    orderUpToBoundUnits,
    binding,
    reorderPointUnits: Math.max(reorderPointUnits, orderUpToBoundUnits),
  };
}

/** quantile_p(D over L + R) − Q, with the same variance terms as the lead-time demand (L, σ_L: the exposure). */
function orderUpToBound(input: CalibratedReorderPointInput, probability: number): number {
  const { demandPerDay: d, demandSdPerDay: sdDay, leadTimeDays: L, leadTimeSdDays: sdL, reviewPeriodDays: R } = input;
  const days = L + R;
  const mean = d * days;
  const variance = days * sdDay * sdDay + d * d * sdL * sdL + (days * (input.sharedSdPerDay ?? 0)) ** 2;
  const quantile = variance > 0 ? gammaQuantile(probability, gammaFromMoments(mean, variance)) : mean;
  return quantile - input.orderQuantityUnits;
}
