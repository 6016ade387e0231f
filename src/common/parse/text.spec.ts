import { parseSku } from './text';

describe('parseSku', () => {
  it('allows letters, digits and . _ - up to 64 characters', () => {
    expect(parseSku(' AB-1.2_x ')).toEqual({ ok: true, value: 'AB-1.2_x' });
    expect(parseSku('A'.repeat(64)).ok).toBe(true);
    expect(parseSku('A'.repeat(65)).ok).toBe(false);
    expect(parseSku('AB 12').ok).toBe(false);
    expect(parseSku('ÄB').ok).toBe(false);
    expect(parseSku('')).toEqual({ ok: false, error: { field: 'sku', message: 'is required' } });
  });
});
