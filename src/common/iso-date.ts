/**
 * Calendar days as strict 'YYYY-MM-DD' strings in UTC: parsing, formatting and day arithmetic on
 * whole days counted from 1970-01-01, so time zones and daylight saving never shift a date.
 */

export const MS_PER_DAY = 86_400_000;
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

/** Whole UTC days since 1970-01-01 of a Date or a strict 'YYYY-MM-DD'; RangeError when invalid. */
export function epochDay(date: Date | string): number {
  const parsed = typeof date === 'string' ? parseIsoDate(date) : date;
  if (!parsed || Number.isNaN(parsed.getTime())) {
    throw new RangeError(`not a valid date (expected YYYY-MM-DD): ${String(date)}`);
  }
  return Math.floor(parsed.getTime() / MS_PER_DAY);
}

/** 'YYYY-MM-DD' of a day counted from 1970-01-01. */
export function dateOfEpochDay(day: number): string {
  return formatIsoDate(new Date(day * MS_PER_DAY));
}

/** 'YYYY-MM-DD' plus whole days (rounded), in UTC; negative days go back. */
export function addDays(day: string, days: number): string {
  return dateOfEpochDay(epochDay(day) + Math.round(days));
}
