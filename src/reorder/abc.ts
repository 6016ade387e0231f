/**
 * ABC classification by annual consumption value (Pareto analysis): sort items by value, highest
 * first, and classify by the cumulative share of total value *including* the item itself —
 * A while the cumulative share is ≤ 80 %, B while ≤ 95 %, C for the rest.
 *
 * This is the reference the nightly SQL aggregation must agree with. The SQL equivalent:
 *   sum(annual_value) over (order by annual_value desc, sku asc) / sum(annual_value) over ()
 * compared with the thresholds below ("≤" on both).
 *
 * Determinism: ties in value are broken by sku (ascending, plain code-unit order, as in
 * `ORDER BY sku COLLATE "C"`). Items with zero (or negative, or non-finite) value are always C
 * and ranked after every valued item; when total value is 0 every item is C.
 */

export type AbcClass = 'A' | 'B' | 'C';

export interface AbcThresholds {
  /** An item is A when the value share ranked before it is < this (0–1). */
  aCumulativeShare: number;
  /** An item is B (if not A) when the value share ranked before it is < this (0–1). */
  bCumulativeShare: number;
}

export const DEFAULT_ABC_THRESHOLDS: Readonly<AbcThresholds> = Object.freeze({ aCumulativeShare: 0.8, bCumulativeShare: 0.95 });

export interface AbcItem {
  sku: string;
  /** Annual consumption value: units used over the last 52 weeks × unit cost. */
  annualValue: number;
}

export interface AbcResult {
  sku: string;
  annualValue: number;
  abcClass: AbcClass;
  /** 1 = highest value. */
  rank: number;
  /** Share of total value of this item and every item ranked before it (0–1). */
  cumulativeShare: number;
}

/** Shares are compared with a small tolerance so a share of exactly 0.8 computed as 0.7999999999999999 is not A. */
const SHARE_EPSILON = 1e-12;

function compareSku(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function classifyAbc(items: readonly AbcItem[], thresholds: AbcThresholds = DEFAULT_ABC_THRESHOLDS): AbcResult[] {
  const { aCumulativeShare, bCumulativeShare } = thresholds;
  if (!(aCumulativeShare > 0 && aCumulativeShare <= bCumulativeShare && bCumulativeShare <= 1)) {
    throw new RangeError(`classifyAbc: need 0 < aCumulativeShare ≤ bCumulativeShare ≤ 1, got ${aCumulativeShare}, ${bCumulativeShare}`);
  }
  const seen = new Set<string>();
  for (const item of items) {
    if (seen.has(item.sku)) throw new Error(`classifyAbc: duplicate sku ${item.sku}`);
    seen.add(item.sku);
  }
  const valueOf = (item: AbcItem): number => (Number.isFinite(item.annualValue) && item.annualValue > 0 ? item.annualValue : 0);
  const sorted = [...items].sort((a, b) => valueOf(b) - valueOf(a) || compareSku(a.sku, b.sku));
  const total = sorted.reduce((sum, item) => sum + valueOf(item), 0);

  let cumulative = 0;
  return sorted.map((item, index) => {
    const value = valueOf(item);
    const previousShare = total > 0 ? cumulative / total : 0;
    cumulative += value;
    const cumulativeShare = total > 0 ? cumulative / total : 0;
    let abcClass: AbcClass = 'C';
    if (value > 0) {
      if (previousShare < aCumulativeShare - SHARE_EPSILON) abcClass = 'A';
      else if (previousShare < bCumulativeShare - SHARE_EPSILON) abcClass = 'B';
    }
    return { sku: item.sku, annualValue: item.annualValue, abcClass, rank: index + 1, cumulativeShare };
  });
}
