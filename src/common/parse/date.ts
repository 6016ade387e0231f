import { formatIsoDate, MS_PER_DAY, parseIsoDate } from '../iso-date';
import { isIsoWeekStart, isoWeekStart } from '../iso-week';
import { fieldFailure, FieldResult, quotedValue } from './field-result';

/** Usage dates: none before 1970, none more than a year after today. */
export const EARLIEST_USAGE_DAY = '1970-01-01';
export const USAGE_DAYS_AHEAD = 365;

/** The days a date may fall on, as 'YYYY-MM-DD' (strings of this form order like dates). */
export interface DayWindow {
  earliest: string;
  latest: string;
}

/** The window of usage dates on the UTC day `today` ('YYYY-MM-DD'). */
export function usageDayWindow(today: string): DayWindow {
  const date = parseIsoDate(today);
  if (!date) throw new RangeError(`not a date: ${today}`);
  return { earliest: EARLIEST_USAGE_DAY, latest: formatIsoDate(new Date(date.getTime() + USAGE_DAYS_AHEAD * MS_PER_DAY)) };
}

/** A failure when `day` is outside `window` (none without a window). */
export function outsideWindow(day: string, window: DayWindow | undefined, field: string): FieldResult<never> | null {
  if (!window) return null;
  if (day < window.earliest) return fieldFailure(field, `must be on or after ${window.earliest}, got ${day}`);
  if (day > window.latest) return fieldFailure(field, `must be at most a year ahead (on or before ${window.latest}), got ${day}`);
  return null;
}

/** A calendar day 'YYYY-MM-DD' (strict: 2024-02-30 is rejected), inside `window` when given. */
export function parseDay(value: unknown, field: string, window?: DayWindow): FieldResult<string> {
  if (typeof value !== 'string' || value.trim() === '') return fieldFailure(field, 'is required');
  const text = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !parseIsoDate(text)) return fieldFailure(field, `must be a date YYYY-MM-DD, got ${quotedValue(value)}`);
  return outsideWindow(text, window, field) ?? { ok: true, value: text };
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The Monday starting an ISO week, 'YYYY-MM-DD'. */
export function parseWeekStart(value: unknown, field: string, window?: DayWindow): FieldResult<string> {
  const day = parseDay(value, field, window);
  if (!day.ok) return day;
  if (!isIsoWeekStart(day.value)) {
    const monday = isoWeekStart(day.value);
    const weekday = WEEKDAYS[(parseIsoDate(day.value)!.getUTCDay() + 6) % 7];
    return fieldFailure(field, `must be a Monday (ISO week start); ${day.value} is a ${weekday}, its week starts ${monday}`);
  }
  return day;
}
