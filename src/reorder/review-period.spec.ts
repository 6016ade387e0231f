import { isOrderDay, reviewPeriodDaysFromOrderWeekdays } from './review-period';

describe('review period from order weekdays', () => {
  it('is 1 when orders are taken any day or every day', () => {
    expect(reviewPeriodDaysFromOrderWeekdays([])).toBe(1);
    expect(reviewPeriodDaysFromOrderWeekdays([1, 2, 3, 4, 5, 6, 7])).toBe(1);
  });

  it('is 7 for a weekly supplier and the longest gap otherwise', () => {
    expect(reviewPeriodDaysFromOrderWeekdays([3])).toBe(7);
    expect(reviewPeriodDaysFromOrderWeekdays([4, 1])).toBe(4); // Mon→Thu 3, Thu→Mon 4
    expect(reviewPeriodDaysFromOrderWeekdays([1, 2, 3, 4, 5])).toBe(3); // Fri→Mon
  });

  it('tells order days and rejects non-weekdays', () => {
    expect(isOrderDay(2, [1, 4])).toBe(false);
    expect(isOrderDay(4, [1, 4])).toBe(true);
    expect(isOrderDay(6, [])).toBe(true);
    expect(() => reviewPeriodDaysFromOrderWeekdays([0])).toThrow(/orderWeekdays/);
  });
});
