import { parseIsoDate } from '../iso-date';
import { isIsoWeekStart, isoWeekStart } from '../iso-week';
import { fieldFailure, FieldResult, quotedValue } from './field-result';

/** A calendar day 'YYYY-MM-DD' (strict: 2024-02-30 is rejected). */
export function parseDay(value: unknown, field: string): FieldResult<string> {
  if (typeof value !== 'string' || value.trim() === '') return fieldFailure(field, 'is required');
  const text = value.trim();
  if (!parseIsoDate(text)) return fieldFailure(field, `must be a date YYYY-MM-DD, got ${quotedValue(value)}`);
  return { ok: true, value: text };
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The Monday starting an ISO week, 'YYYY-MM-DD'. */
export function parseWeekStart(value: unknown, field: string): FieldResult<string> {
  const day = parseDay(value, field);
  if (!day.ok) return day;
  if (!isIsoWeekStart(day.value)) {
    const monday = isoWeekStart(day.value);
    const weekday = WEEKDAYS[(parseIsoDate(day.value)!.getUTCDay() + 6) % 7];
    return fieldFailure(field, `must be a Monday (ISO week start); ${day.value} is a ${weekday}, its week starts ${monday}`);
  }
  return day;
}
