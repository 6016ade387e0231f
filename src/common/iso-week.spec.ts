import { formatIsoDate, parseIsoDate } from './iso-date';
import { addWeeks, isIsoWeekStart, isoWeekStart, weeksBetween } from './iso-week';

describe('isoWeekStart', () => {
  it('keeps a Monday as its own week start', () => {
    expect(isoWeekStart('2024-01-01')).toBe('2024-01-01');
  });

  it('puts a Sunday in the week of the Monday six days earlier, across the year boundary', () => {
    expect(isoWeekStart('2023-01-01')).toBe('2022-12-26');
  });

  it.each([
    ['2024-12-31', '2024-12-30'], // Tuesday; ISO week 2025-W01
    ['2021-01-03', '2020-12-28'], // Sunday in 2020-W53
    ['2020-12-31', '2020-12-28'],
    ['2026-01-01', '2025-12-29'], // Thursday
    ['1970-01-01', '1969-12-29'], // epoch day 0, before it the Monday
    ['1969-12-31', '1969-12-29'], // negative epoch days
  ])('%s is in the week starting %s', (day, monday) => {
    expect(isoWeekStart(day)).toBe(monday);
  });

  it('handles leap days', () => {
    expect(isoWeekStart('2024-02-29')).toBe('2024-02-26'); // Thursday
    expect(isoWeekStart('2024-03-03')).toBe('2024-02-26'); // Sunday after the leap day
    expect(isoWeekStart('2000-02-29')).toBe('2000-02-28');
  });

  it('reads a Date by its UTC day, whatever the time of day', () => {
    expect(isoWeekStart(new Date('2023-01-01T23:59:59.999Z'))).toBe('2022-12-26');
    expect(isoWeekStart(new Date('2023-01-02T00:00:00.000Z'))).toBe('2023-01-02');
    expect(isoWeekStart(new Date('2023-01-02T01:00:00+02:00'))).toBe('2022-12-26'); // 23:00 UTC Sunday
  });

  it('throws on an invalid date rather than bucketing it somewhere', () => {
    expect(() => isoWeekStart('2024-02-30')).toThrow(RangeError);
    expect(() => isoWeekStart(new Date('nope'))).toThrow(RangeError);
  });

  it('every day of seven consecutive years maps to a Monday at most six days earlier', () => {
    let day = parseIsoDate('2019-12-25')!;
    for (let i = 0; i < 7 * 366; i++) {
      const iso = formatIsoDate(day);
      const monday = isoWeekStart(iso);
      expect(isIsoWeekStart(monday)).toBe(true);
      const lag = (day.getTime() - parseIsoDate(monday)!.getTime()) / 86_400_000;
      expect(lag).toBeGreaterThanOrEqual(0);
      expect(lag).toBeLessThanOrEqual(6);
      day = new Date(day.getTime() + 86_400_000);
    }
  });
});

describe('isIsoWeekStart', () => {
  it('is true only for valid Mondays', () => {
    expect(isIsoWeekStart('2024-01-01')).toBe(true);
    expect(isIsoWeekStart('2024-01-02')).toBe(false);
    expect(isIsoWeekStart('2024-02-30')).toBe(false);
  });
});

describe('addWeeks and weeksBetween', () => {
  it('adds and subtracts whole weeks across years and leap days', () => {
    expect(addWeeks('2023-12-25', 1)).toBe('2024-01-01');
    expect(addWeeks('2024-02-26', 1)).toBe('2024-03-04');
    expect(addWeeks('2024-01-01', -1)).toBe('2023-12-25');
    expect(addWeeks('2024-01-01', 52)).toBe('2024-12-30');
    expect(addWeeks('2024-01-01', 0)).toBe('2024-01-01');
  });

  it('rejects fractional weeks', () => {
    expect(() => addWeeks('2024-01-01', 1.5)).toThrow(RangeError);
  });

  it('counts ISO weeks between the weeks containing two dates', () => {
    expect(weeksBetween('2024-01-01', '2024-12-30')).toBe(52);
    expect(weeksBetween('2024-12-30', '2024-01-01')).toBe(-52);
    expect(weeksBetween('2023-01-01', '2023-01-02')).toBe(1); // Sunday to next day's new week
    expect(weeksBetween('2024-01-01', '2024-01-07')).toBe(0);
  });

  it('is the inverse of addWeeks', () => {
    for (const n of [-200, -53, -1, 0, 1, 52, 53, 104, 521]) {
      expect(weeksBetween('2022-12-26', addWeeks('2022-12-26', n))).toBe(n);
    }
  });
});
