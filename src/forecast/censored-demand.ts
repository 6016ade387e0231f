import { addWeeks, weeksBetween } from '../common/iso-week';

/**
 * Stock-out weeks in a demand history (issue 11). In a stock-out week the recorded usage is only a
 * floor of demand — what was asked beyond the stock was neither served nor recorded — so fitting
 * on it as it stands teaches the models that demand fell, and the next forecasts (and orders) come
 * out low exactly after a stock-out, when stock is short already. Pure.
 *
 * The estimate of such a week: max(recorded, the median of its neighbours), the neighbours being
 * the nearest weeks that are not stock-out weeks, up to `neighbours` on each side (fewer at the
 * ends of the history). The median keeps one unusual neighbour (a spike, another floor) from
 * setting it; the max keeps it at least the recorded usage, the one thing known for sure. A week
 * with no clean neighbour keeps its recorded value. Measured in docs/bench/learning.md
 * (bench/learning/stockouts.ts).
 */

/** Clean weeks looked at on each side of a stock-out week. */
export const CENSORED_NEIGHBOURS = 4;

/** The history with each stock-out week (`censored`, indices into it) replaced by its estimate. */
export function censoredDemandHistory(history: readonly number[], censored: Iterable<number>, neighbours = CENSORED_NEIGHBOURS): number[] {
  const out = [...history];
  const marked = new Set([...censored].filter((i) => Number.isInteger(i) && i >= 0 && i < history.length));
  if (marked.size === 0) return out;
  for (const i of marked) {
    const near: number[] = [];
    for (const step of [-1, 1]) {
      let found = 0;
      for (let j = i + step; j >= 0 && j < history.length && found < neighbours; j += step) {
        if (marked.has(j) || !Number.isFinite(history[j])) continue;
        near.push(history[j]);
        found++;
      }
    }
    if (near.length > 0) out[i] = Math.max(history[i], median(near));
  }
  return out;
}

/**
 * Indices of stock-out weeks (Mondays) in a dense weekly history of `length` weeks ending with
 * the week of `lastWeekStart` (as denseWeeklyHistory builds it); weeks outside it are left out.
 */
export function censoredIndices(weekStarts: readonly string[], lastWeekStart: string, length: number): number[] {
  const first = addWeeks(lastWeekStart, -(length - 1));
  return weekStarts.map((w) => weeksBetween(first, w)).filter((i) => i >= 0 && i < length);
}

function median(values: readonly number[]): number {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = sorted.length >> 1;
  return sorted.length % 2 === 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
}
