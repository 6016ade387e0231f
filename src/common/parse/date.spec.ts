import { parseWeekStart } from './date';

describe('parseWeekStart', () => {
  it('explains which Monday a non-Monday belongs to', () => {
    expect(parseWeekStart('2024-01-03', 'week_start')).toEqual({
      ok: false,
      error: { field: 'week_start', message: 'must be a Monday (ISO week start); 2024-01-03 is a Wednesday, its week starts 2024-01-01' },
    });
    expect(parseWeekStart('2024-01-01', 'week_start')).toEqual({ ok: true, value: '2024-01-01' });
  });
});
