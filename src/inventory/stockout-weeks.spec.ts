import { stockoutWeeks, weeksOfOutOfStockDay } from './stockout-weeks';

describe('weeksOfOutOfStockDay', () => {
  it('puts a day in its own ISO week', () => {
    expect(weeksOfOutOfStockDay('2026-06-04')).toEqual(['2026-06-01']); // a Thursday
    expect(weeksOfOutOfStockDay('2026-06-07')).toEqual(['2026-06-01']); // a Sunday
  });

  it('puts a Monday also in the week before: the count early on Monday is that week’s end', () => {
    expect(weeksOfOutOfStockDay('2026-06-08')).toEqual(['2026-06-01', '2026-06-08']);
  });

  it('crosses a year boundary by ISO weeks', () => {
    expect(weeksOfOutOfStockDay('2023-01-01')).toEqual(['2022-12-26']); // a Sunday
  });
});

describe('stockoutWeeks', () => {
  const usage = new Map([
    ['2026-06-01', 30],
    ['2026-06-08', 0],
    ['2026-06-15', 12],
  ]);
  const of = (w: string) => usage.get(w) ?? 0;

  it('marks a week with a day out of stock and usage above 0', () => {
    expect(stockoutWeeks(['2026-06-04'], of)).toEqual(['2026-06-01']);
  });

  it('leaves out a week out of stock without usage', () => {
    expect(stockoutWeeks(['2026-06-10'], of)).toEqual([]);
  });

  it('marks the week a Monday count ends, once however many days were out', () => {
    // Monday 06-15 ends the week of 06-08 (no usage: left out) and starts the week of 06-15 (12 units).
    expect(stockoutWeeks(['2026-06-15', '2026-06-16', '2026-06-17'], of)).toEqual(['2026-06-15']);
    // Monday 06-08 ends the week of 06-01 (30 units): marked; the week of 06-08 had no usage.
    expect(stockoutWeeks(['2026-06-08'], of)).toEqual(['2026-06-01']);
  });

  it('gives oldest first and nothing without out-of-stock days', () => {
    expect(stockoutWeeks(['2026-06-16', '2026-06-02'], of)).toEqual(['2026-06-01', '2026-06-15']);
    expect(stockoutWeeks([], of)).toEqual([]);
  });
});
