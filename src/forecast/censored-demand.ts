import { addWeeks, weeksBetween } from '../common/iso-week';

/**
 * Stock-out weeks in a demand history (issue 11). In a stock-out week the recorded usage is only a
 * floor of demand — what was asked beyond the stock was neither served nor recorded — so fitting
 * on it as it stands teaches the models that demand fell, and the next forecasts (and orders) come
 * out low exactly after a stock-out, when stock is short already. Pure.
 *
 * The estimate of a stock-out week that recorded u units is the largest of
 * - u itself (the one thing known for sure: demand was at least u),
 * - the local level: the median of its neighbours, the nearest clean weeks (not stock-out weeks),
 *   up to `neighbours` on each side (fewer at the ends of the history), and
 * - the local demand beyond u: the median of the clean weeks within `window` weeks on either side
 *   that used more than u.
 * The third is there because stock runs out in the weeks demand is high: the local level alone kept
 * 69–70 % of the stock-out weeks' true demand in the bench, with it 80–82 % (lost sales simulated on
 * the demo catalog, bench/learning/stockouts.ts, docs/bench/stockouts.md). Medians keep one unusual
 * week (a spike, another floor) from setting it; the window keeps a change of level long ago from
 * speaking for today. A week with no clean week near it keeps its recorded value.
 */

/** Clean weeks on each side a stock-out week's local level is the median of. */
export const CENSORED_NEIGHBOURS = 4;
/** Weeks on each side the clean weeks that used more than the stock-out week are taken from. */
export const CENSORED_WINDOW_WEEKS = 13;

/** The history with each stock-out week (`censored`, indices into it) replaced by its estimate. */
export function censoredDemandHistory(history: readonly number[], censored: Iterable<number>, neighbours = CENSORED_NEIGHBOURS, window = CENSORED_WINDOW_WEEKS): number[] {
  const out = [...history];
  const marked = new Set([...censored].filter((i) => Number.isInteger(i) && i >= 0 && i < history.length));
  const clean = (j: number) => !marked.has(j) && Number.isFinite(history[j]);
  for (const i of marked) {
    const recorded = history[i];
    const near: number[] = [];
    for (const step of [-1, 1]) {
      let found = 0;
      for (let j = i + step; j >= 0 && j < history.length && found < neighbours; j += step) {
        if (!clean(j)) continue;
        near.push(history[j]);
        found++;
      }
    }
    const beyond: number[] = [];
    for (let j = Math.max(0, i - window); j <= Math.min(history.length - 1, i + window); j++) if (clean(j) && history[j] > recorded) beyond.push(history[j]);
    out[i] = Math.max(recorded, near.length > 0 ? median(near) : recorded, beyond.length > 0 ? median(beyond) : recorded);
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
