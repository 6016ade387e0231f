import { addWeeks, isIsoWeekStart, isoWeekStart } from '../common/iso-week';

/**
 * Stock-out ("censored") weeks from the on-hand history (on_hand_daily). Pure.
 *
 * The rule: an ISO week (Monday–Sunday, UTC) is a stock-out week when the on hand recorded on one
 * of its days, or at its end, was 0 or below, while its usage was above 0. Its end is the nightly
 * count early on the next Monday (the cycle counts at its preparation, 02:00 UTC by default, before
 * that day's usage), so a count of 0 on a Monday speaks for two weeks: the one it starts and the one
 * it ends. Such a week's recorded usage is only a floor of its demand: demand beyond the stock was
 * not served and not recorded. A week with no usage at all is not a stock-out week (with nothing
 * recorded there is no sign of demand it could not serve).
 */

/** The weeks a record of on hand ≤ 0 on `day` ('YYYY-MM-DD') speaks for, oldest first. */
export function weeksOfOutOfStockDay(day: string): string[] {
  return isIsoWeekStart(day) ? [addWeeks(day, -1), day] : [isoWeekStart(day)];
}

/**
 * The stock-out weeks of one item, oldest first: the weeks its days with on hand ≤ 0 speak for
 * (weeksOfOutOfStockDay) whose usage (`usageOfWeek`, the week's Monday → units) is above 0.
 */
export function stockoutWeeks(outOfStockDays: readonly string[], usageOfWeek: (weekStart: string) => number): string[] {
  const weeks = new Set(outOfStockDays.flatMap(weeksOfOutOfStockDay));
  return [...weeks].filter((w) => usageOfWeek(w) > 0).sort();
}
