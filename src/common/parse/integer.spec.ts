import { parseInteger } from './integer';

describe('parseInteger', () => {
  it('accepts whole numbers in range only', () => {
    expect(parseInteger('14', { field: 'lead_time_days', min: 0, max: 365 })).toEqual({ ok: true, value: 14 });
    expect(parseInteger('14.5', { field: 'lead_time_days', min: 0, max: 365 })).toEqual({
      ok: false,
      error: { field: 'lead_time_days', message: 'must be a whole number, got "14.5"' },
    });
    expect(parseInteger('366', { field: 'lead_time_days', min: 0, max: 365 })).toEqual({
      ok: false,
      error: { field: 'lead_time_days', message: 'must be between 0 and 365, got 366' },
    });
  });
});
