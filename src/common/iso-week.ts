/**
 * ISO 8601 weeks in UTC. Usage is stored in weekly buckets keyed by the week's Monday
 * ('YYYY-MM-DD'); ISO weeks start on Monday, so a week never straddles two buckets even across
 * a year boundary (2023-01-01, a Sunday, belongs to the week of Monday 2022-12-26).
 *
 * Everything works on whole UTC days counted from 1970-01-01 (a Thursday), so time zones and
 * daylight saving never shift a date.
 */

const MS_PER_DAY = 86_400_000;
const ISO_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month1to12: number): number {
  if (month1to12 === 2) return isLeapYear(year) ? 29 : 28;
  return [4, 6, 9, 11].includes(month1to12) ? 30 : 31;
}

/**
 * Strict 'YYYY-MM-DD' (calendar date, years 0001–9999) to midnight UTC; null for anything else,
 * including impossible dates ('2024-02-30', '2023-02-29', '2024-13-01') and timestamps.
 */
export function parseIsoDate(s: string): Date | null {
  if (typeof s !== 'string') return null;
  const match = ISO_DATE.exec(s);
  if (!match) return null;
  const year = Number(match[1]);
  const month = Number(match[2]);
  const day = Number(match[3]);
  if (year < 1 || month < 1 || month > 12 || day < 1 || day > daysInMonth(year, month)) return null;
  const date = new Date(0);
  // setUTCFullYear, not Date.UTC: Date.UTC maps years 0–99 to 1900–1999.
  date.setUTCFullYear(year, month - 1, day);
  return date;
}

/** 'YYYY-MM-DD' of a Date's UTC calendar day. */
export function formatIsoDate(date: Date): string {
  const year = date.getUTCFullYear();
  const month = date.getUTCMonth() + 1;
  const day = date.getUTCDate();
  return `${String(year).padStart(4, '0')}-${month < 10 ? '0' : ''}${month}-${day < 10 ? '0' : ''}${day}`;
}

function toEpochDay(date: Date | string): number {
  const parsed = typeof date === 'string' ? parseIsoDate(date) : date;
  if (!parsed || Number.isNaN(parsed.getTime())) {
    throw new RangeError(`not a valid date (expected YYYY-MM-DD): ${String(date)}`);
  }
  return Math.floor(parsed.getTime() / MS_PER_DAY);
}

function fromEpochDay(epochDay: number): string {
  return formatIsoDate(new Date(epochDay * MS_PER_DAY));
}

/** 0 = Monday … 6 = Sunday. Epoch day 0 (1970-01-01) was a Thursday (3). */
function isoWeekdayIndex(epochDay: number): number {
  return (((epochDay + 3) % 7) + 7) % 7;
}

/**
 * The Monday (UTC) of the ISO week containing `date`, as 'YYYY-MM-DD'. A Date is read by its UTC
 * calendar day; a string must be a strict 'YYYY-MM-DD'. Throws RangeError on an invalid date.
 */
export function isoWeekStart(date: Date | string): string {
  const epochDay = toEpochDay(date);
  return fromEpochDay(epochDay - isoWeekdayIndex(epochDay));
}

/** True when `s` is a strict 'YYYY-MM-DD' that falls on a Monday. */
export function isIsoWeekStart(s: string): boolean {
  const date = parseIsoDate(s);
  return date !== null && isoWeekdayIndex(Math.floor(date.getTime() / MS_PER_DAY)) === 0;
}

/** The date `weeks` whole weeks (7 days each) after `weekStart` (negative: before). */
export function addWeeks(weekStart: string, weeks: number): string {
  if (!Number.isInteger(weeks)) throw new RangeError(`weeks must be an integer, got ${weeks}`);
  return fromEpochDay(toEpochDay(weekStart) + weeks * 7);
}

/**
 * Number of ISO weeks from the week containing `from` to the week containing `to`
 * (negative when `to` is earlier): weeksBetween(a, addWeeks(a, n)) === n.
 */
export function weeksBetween(from: string, to: string): number {
  const fromDay = toEpochDay(from);
  const toDay = toEpochDay(to);
  const fromMonday = fromDay - isoWeekdayIndex(fromDay);
  const toMonday = toDay - isoWeekdayIndex(toDay);
  return (toMonday - fromMonday) / 7;
}
