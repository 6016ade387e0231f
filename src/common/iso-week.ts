/**
 * ISO 8601 weeks in UTC. Usage is stored in weekly buckets keyed by the week's Monday
 * ('YYYY-MM-DD'); ISO weeks start on Monday, so a week never straddles two buckets even across
 * a year boundary (2023-01-01, a Sunday, belongs to the week of Monday 2022-12-26).
 *
 * Everything works on whole UTC days counted from 1970-01-01 (a Thursday), so time zones and
 * daylight saving never shift a date. The day arithmetic itself is in iso-date.ts.
 */

import { dateOfEpochDay, epochDay, parseIsoDate } from './iso-date';

/** 0 = Monday … 6 = Sunday. Epoch day 0 (1970-01-01) was a Thursday (3). */
function isoWeekdayIndex(day: number): number {
  return (((day + 3) % 7) + 7) % 7;
}

/**
 * The Monday (UTC) of the ISO week containing `date`, as 'YYYY-MM-DD'. A Date is read by its UTC
 * calendar day; a string must be a strict 'YYYY-MM-DD'. Throws RangeError on an invalid date.
 */
export function isoWeekStart(date: Date | string): string {
  const day = epochDay(date);
  return dateOfEpochDay(day - isoWeekdayIndex(day));
}

/** True when `s` is a strict 'YYYY-MM-DD' that falls on a Monday. */
export function isIsoWeekStart(s: string): boolean {
  const date = parseIsoDate(s);
  return date !== null && isoWeekdayIndex(epochDay(date)) === 0;
}

/** The date `weeks` whole weeks (7 days each) after `weekStart` (negative: before). */
export function addWeeks(weekStart: string, weeks: number): string {
  if (!Number.isInteger(weeks)) throw new RangeError(`weeks must be an integer, got ${weeks}`);
  return dateOfEpochDay(epochDay(weekStart) + weeks * 7);
}

/**
 * Number of ISO weeks from the week containing `from` to the week containing `to`
 * (negative when `to` is earlier): weeksBetween(a, addWeeks(a, n)) === n.
 */
export function weeksBetween(from: string, to: string): number {
  const fromDay = epochDay(from);
  const toDay = epochDay(to);
  const fromMonday = fromDay - isoWeekdayIndex(fromDay);
  const toMonday = toDay - isoWeekdayIndex(toDay);
  return (toMonday - fromMonday) / 7;
}
