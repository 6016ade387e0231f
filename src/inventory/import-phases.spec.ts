import { phaseTotals, timed } from './import-phases';

describe('import phase timing', () => {
  it('sums the time of a phase recorded twice and keeps the order phases first appeared in', async () => {
    const { record, totals } = phaseTotals();
    record('parse', 2);
    record('merge', 5);
    record('parse', 3);
    expect([...totals]).toEqual([
      ['parse', 5],
      ['merge', 5],
    ]);
  });

  it('records a phase that throws, and passes the error on', async () => {
    const { record, totals } = phaseTotals();
    await expect(timed(record, 'merge', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(totals.has('merge')).toBe(true);
  });

  it('returns the result of the work, with or without a recorder', async () => {
    expect(await timed(undefined, 'x', async () => 42)).toBe(42);
    const { record, totals } = phaseTotals();
    expect(await timed(record, 'x', async () => 'y')).toBe('y');
    expect(totals.get('x')).toBeGreaterThanOrEqual(0);
  });
});
