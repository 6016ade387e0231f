import { qty } from './format';

/** One line of "why this quantity": what the number is, the number, and how it came about. */
export interface WhyLine {
  label: string;
  value: string;
  words: string;
}

type Inputs = {
  method?: string;
  inputs?: { leadTimeDays?: number; leadTimeSdDays?: number; reviewPeriodDays?: number; serviceLevel?: number; onHandUnits?: number; onOrderUnits?: number; backorderedUnits?: number; lotSizeUnits?: number; minOrderQtyUnits?: number; cycleStockWeeks?: number };
  demandPerDay?: number;
  demandSdPerDay?: number;
  protectionIntervalDays?: number;
  demandOverProtectionUnits?: number;
  demandSdOverProtectionUnits?: number;
  z?: number;
  safetyStockUnits?: number;
  reorderPointUnits?: number;
  cycleStockUnits?: number;
  orderUpToUnits?: number;
  stockPositionUnits?: number;
  reorderDue?: boolean;
  orderQuantityUnits?: number;
  daysUntilStockout?: number | null;
};

const n = (v: number | undefined | null, digits = 1) => (typeof v === 'number' && Number.isFinite(v) ? qty(v, digits) : '—');

/**
 * The stored inputs of a recommendation (the whole result of the reorder policy, see
 * src/reorder/policy.ts) told in words and numbers, in the order the policy computes them.
 */
export function explainQuantity(raw: unknown): WhyLine[] {
  if (!raw || typeof raw !== 'object') return [];
  const r = raw as Inputs;
  const i = r.inputs ?? {};
  const lead = i.leadTimeDays ?? 0;
  const review = i.reviewPeriodDays ?? 0;
  const lines: WhyLine[] = [
    { label: 'Demand', value: `${n(r.demandPerDay, 2)} / day`, words: `forecast demand per day (sd ${n(r.demandSdPerDay, 2)} per day)` },
    { label: 'Lead time', value: `${n(lead, 0)} days`, words: `the supplier delivers in ${n(lead, 0)} days, with a standard deviation of ${n(i.leadTimeSdDays, 1)} days` },
    { label: 'Protection interval', value: `${n(r.protectionIntervalDays, 0)} days`, words: `lead time ${n(lead, 0)} + review period ${n(review, 0)} days: the stock must last this long` },
    { label: 'Demand over the protection interval', value: n(r.demandOverProtectionUnits), words: `${n(r.demandPerDay, 2)} × ${n(r.protectionIntervalDays, 0)} days (sd ${n(r.demandSdOverProtectionUnits)}, from demand and lead-time variability)` },
    { label: 'Service level', value: `${n((i.serviceLevel ?? NaN) * 100, 1)} %`, words: `chance of no stockout in a cycle; z = ${n(r.z, 2)}${r.method && r.method !== 'normal' ? ` (method: ${r.method})` : ''}` },
    { label: 'Safety stock', value: n(r.safetyStockUnits), words: 'reorder point − demand over the protection interval: the cushion against forecast and lead-time error' },
    { label: 'Reorder point', value: n(r.reorderPointUnits), words: `${n(r.demandOverProtectionUnits)} + safety stock ${n(r.safetyStockUnits)}: order when the stock position is below this` },
    { label: 'Order-up-to', value: n(r.orderUpToUnits), words: `reorder point + ${n(i.cycleStockWeeks, 0)} weeks of forecast demand (${n(r.cycleStockUnits)})` },
    { label: 'Stock position', value: n(r.stockPositionUnits), words: `on hand ${n(i.onHandUnits)} + on order ${n(i.onOrderUnits)} − backordered ${n(i.backorderedUnits)}` },
    { label: 'Lot size and MOQ', value: `${n(i.lotSizeUnits, 3)} / ${n(i.minOrderQtyUnits, 3)}`, words: 'orders are rounded up to a multiple of the lot size and to at least the minimum order quantity (0: none)' },
    {
      label: 'Quantity',
      value: n(r.orderQuantityUnits, 3),
      words: r.reorderDue
        ? `stock position ${n(r.stockPositionUnits)} is below the reorder point ${n(r.reorderPointUnits)}: order up to ${n(r.orderUpToUnits)}, i.e. ${n((r.orderUpToUnits ?? 0) - (r.stockPositionUnits ?? 0))}, rounded for lot size and MOQ`
        : `stock position ${n(r.stockPositionUnits)} is at or above the reorder point ${n(r.reorderPointUnits)}: nothing to order`,
    },
  ];
  return lines;
}
