import { denseWeeklyHistory } from './weekly-history';

describe('denseWeeklyHistory', () => {
  it('fills weeks without rows with zero, from the first recorded week to the last week', () => {
    const rows = [
      { weekStart: '2026-01-05', quantity: 3 },
      { weekStart: '2026-01-19', quantity: 5 },
    ];
    expect(denseWeeklyHistory(rows, '2026-02-02', 104)).toEqual([3, 0, 5, 0, 0]);
  });

  it('keeps only the newest maxWeeks', () => {
    const rows = [1, 2, 3, 4, 5].map((q, i) => ({ weekStart: ['2026-01-05', '2026-01-12', '2026-01-19', '2026-01-26', '2026-02-02'][i], quantity: q }));
    expect(denseWeeklyHistory(rows, '2026-02-02', 3)).toEqual([3, 4, 5]);
  });

  it('ignores rows after the last week and gives [] without rows', () => {
    expect(denseWeeklyHistory([{ weekStart: '2026-03-02', quantity: 9 }, { weekStart: '2026-02-23', quantity: 1 }], '2026-02-23', 10)).toEqual([1]);
    expect(denseWeeklyHistory([], '2026-02-23', 10)).toEqual([]);
  });
});
