import { routeLine } from './phase-rules';

describe('routeLine', () => {
  it('holds urgent and high lines for a person in both phases', () => {
    for (const phase of ['draft', 'auto'] as const) {
      expect(routeLine(phase, 'urgent', 10, 1000)).toBe('hold');
      expect(routeLine(phase, 'high', 10, 1000)).toBe('hold');
    }
  });

  it('drafts medium and low lines in draft, whatever their value', () => {
    expect(routeLine('draft', 'medium', 10, 1000)).toBe('draft');
    expect(routeLine('draft', 'low', 10, 1000)).toBe('draft');
  });

  it('approves medium and low lines automatically in auto up to the value cap, inclusive', () => {
    expect(routeLine('auto', 'medium', 1000, 1000)).toBe('auto_approve');
    expect(routeLine('auto', 'low', 0, 1000)).toBe('auto_approve');
    expect(routeLine('auto', 'medium', 1000.01, 1000)).toBe('draft');
    expect(routeLine('auto', 'medium', 1, 0)).toBe('draft');
  });

  it('holds the configured priorities instead, none when the list is empty', () => {
    expect(routeLine('draft', 'high', 10, 1000, [])).toBe('draft');
    expect(routeLine('auto', 'high', 10, 1000, [])).toBe('auto_approve');
    expect(routeLine('draft', 'medium', 10, 1000, ['medium'])).toBe('hold');
  });
});
