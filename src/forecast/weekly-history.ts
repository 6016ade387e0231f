import { addWeeks, weeksBetween } from '../common/iso-week';

/**
 * Usage is stored sparsely (a week with no row had no recorded usage). The models need a dense
 * weekly series: from the item's first recorded week to `lastWeekStart`, missing weeks as 0,
 * at most `maxWeeks` (the newest). Pure.
 */
export function denseWeeklyHistory(rows: readonly { weekStart: string; quantity: number }[], lastWeekStart: string, maxWeeks: number): number[] {
  if (rows.length === 0) return [];
  const first = rows.reduce((min, r) => (r.weekStart < min ? r.weekStart : min), rows[0].weekStart);
  const span = weeksBetween(first, lastWeekStart) + 1;
  if (span <= 0) return [];
  const length = Math.min(span, maxWeeks);
  const start = addWeeks(lastWeekStart, -(length - 1));
  const series = new Array<number>(length).fill(0);
  for (const row of rows) {
    const index = weeksBetween(start, row.weekStart);
    if (index >= 0 && index < length) series[index] += row.quantity;
  }
  return series;
}
