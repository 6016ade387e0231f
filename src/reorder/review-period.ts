/**
 * The review period R of the (R, s, S) policy from the weekdays a supplier takes orders.
 *
 * The nightly run reviews every item every day (R = 1), but an order can only be placed on a
 * supplier's order days, so between two order days the stock is unprotected and R is the gap.
 * With uneven gaps (say Monday and Thursday: 3 and 4 days) the longest gap is used — the
 * conservative choice, and a constant per supplier, as the service-level bench assumes.
 * Weekdays are ISO: 1 = Monday … 7 = Sunday. No order days listed = orders any day.
 */

function assertWeekdays(orderWeekdays: readonly number[]): number[] {
  for (const day of orderWeekdays) {
    if (!(Number.isInteger(day) && day >= 1 && day <= 7)) throw new RangeError(`orderWeekdays must be ISO weekdays 1–7, got ${day}`);
  }
  return [...new Set(orderWeekdays)].sort((a, b) => a - b);
}

/** Longest number of days between consecutive order days (1 when orders are taken every day). */
export function reviewPeriodDaysFromOrderWeekdays(orderWeekdays: readonly number[]): number {
  const days = assertWeekdays(orderWeekdays);
  if (days.length === 0) return 1;
  let longest = 0;
  for (let i = 0; i < days.length; i++) {
    const next = i + 1 < days.length ? days[i + 1] : days[0] + 7;
    longest = Math.max(longest, next - days[i]);
  }
  return longest;
}

/** Whether an order can be placed on this ISO weekday. */
export function isOrderDay(isoWeekday: number, orderWeekdays: readonly number[]): boolean {
  const days = assertWeekdays(orderWeekdays);
  assertWeekdays([isoWeekday]);
  return days.length === 0 || days.includes(isoWeekday);
}
