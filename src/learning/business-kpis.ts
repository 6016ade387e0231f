/**
 * Business KPIs from the data the system holds. Percentages are 0–100; null when there is
 * nothing to measure (never NaN). Stock-out weeks are inventory's (inventory/stockout-weeks.ts:
 * on hand ≤ 0 on a day of the week, or at its end, with usage that week).
 */

/** Value of stock above the order-up-to level: Σ max(0, on hand − order-up-to) × unit cost. */
export function excessStockValue(items: readonly { onHandUnits: number; orderUpToUnits: number; unitCost: number }[]): number {
  return items.reduce((s, i) => s + Math.max(0, i.onHandUnits - i.orderUpToUnits) * i.unitCost, 0);
}

/** Hours from a recommendation's creation to its decision: mean and median over decided ones. */
export function approvalTimeHours(decisions: readonly { createdAt: Date; decidedAt: Date | null }[]): { n: number; meanHours: number | null; medianHours: number | null } {
  const hours = decisions
    .filter((d) => d.decidedAt !== null)
    .map((d) => ((d.decidedAt as Date).getTime() - d.createdAt.getTime()) / 3_600_000)
    .sort((a, b) => a - b);
  if (hours.length === 0) return { n: 0, meanHours: null, medianHours: null };
  const mid = Math.floor(hours.length / 2);
  return { n: hours.length, meanHours: hours.reduce((s, h) => s + h, 0) / hours.length, medianHours: hours.length % 2 ? hours[mid] : (hours[mid - 1] + hours[mid]) / 2 };
}

export type RecommendationStatus = 'open' | 'approved' | 'adjusted' | 'rejected' | 'no_action' | 'superseded';
const DECIDED: ReadonlySet<RecommendationStatus> = new Set(['approved', 'adjusted', 'rejected']);

export interface DecisionRow {
  status: RecommendationStatus;
  recommendedQty: number;
  decidedQty: number | null;
  decidedBy: string | null;
}

/**
 * Feedback completeness: decided / recommendations that asked for a decision (everything but
 * `no_action`; superseded ones expired unreviewed and count as not decided). Plan: > 70 %.
 */
export function feedbackCompletenessPct(rows: readonly DecisionRow[]): number | null {
  const asked = rows.filter((r) => r.status !== 'no_action');
  return asked.length === 0 ? null : (100 * asked.filter((r) => DECIDED.has(r.status)).length) / asked.length;
}

/** Approval rate: approved as recommended / decided (approved + adjusted + rejected). */
export function approvalRatePct(rows: readonly DecisionRow[]): number | null {
  const decided = rows.filter((r) => DECIDED.has(r.status));
  return decided.length === 0 ? null : (100 * decided.filter((r) => r.status === 'approved').length) / decided.length;
}

/** Forecast-to-order conversion: recommendations to order (qty > 0) that were ordered (decided qty > 0). */
export function forecastToOrderConversionPct(rows: readonly DecisionRow[]): number | null {
  const toOrder = rows.filter((r) => r.recommendedQty > 0 && r.status !== 'no_action');
  return toOrder.length === 0 ? null : (100 * toOrder.filter((r) => DECIDED.has(r.status) && (r.decidedQty ?? 0) > 0).length) / toOrder.length;
}

/** Share of decided purchase orders that the system approved by itself (phase auto). */
export function automatedPoSharePct(orders: readonly { status: string; decidedBy: string | null }[], systemActor = 'system'): number | null {
  const decided = orders.filter((o) => o.status === 'approved' || o.status === 'received' || o.status === 'rejected');
  return decided.length === 0 ? null : (100 * decided.filter((o) => o.decidedBy === systemActor).length) / decided.length;
}

/** Decision error: (decided − recommended) / recommended in percent; null when nothing was recommended. */
export function decisionErrorPct(recommendedQty: number, decidedQty: number): number | null {
  return recommendedQty > 0 ? (100 * (decidedQty - recommendedQty)) / recommendedQty : null;
}

/** Adjustments beyond this share of the recommended quantity queue a re-evaluation of the SKU. */
export const REEVALUATE_ADJUSTMENT_PCT = 25;

export function needsReevaluation(recommendedQty: number, decidedQty: number): boolean {
  const error = decisionErrorPct(recommendedQty, decidedQty);
  return error === null ? decidedQty > 0 : Math.abs(error) > REEVALUATE_ADJUSTMENT_PCT;
}
