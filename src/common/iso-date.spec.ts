import { addDays, parseIsoDate } from './iso-date';

describe('parseIsoDate', () => {
  it('parses a valid date as midnight UTC', () => {
    expect(parseIsoDate('2024-02-29')?.toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseIsoDate('0099-01-01')?.getUTCFullYear()).toBe(99);
  });

  it.each([
    '2024-02-30',
    '2023-02-29', // not a leap year
    '1900-02-29', // century, not a leap year
    '2024-13-01',
    '2024-00-10',
    '2024-04-31',
    '2024-01-00',
    '0000-01-01',
    '2024-1-01',
    '24-01-01',
    '2024/01/01',
    '2024-01-01T00:00:00Z',
    ' 2024-01-01',
    '',
    'yesterday',
  ])('rejects %p', (s) => {
    expect(parseIsoDate(s)).toBeNull();
  });
});

describe('addDays', () => {
  it('crosses month and year ends in UTC', () => {
    expect(addDays('2026-11-28', 14)).toBe('2026-12-12');
    expect(addDays('2026-12-25', 10)).toBe('2027-01-04');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-03-01', 0)).toBe('2026-03-01');
    expect(addDays('2027-01-04', -10)).toBe('2026-12-25');
  });
});
