import { BadInputError } from './errors';
import { textArg, tupleCursorArg, uuidArg } from './input-checks';

const cursor = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');

function problemOf(call: () => unknown): { field: string; message: string } | undefined {
  try {
    call();
  } catch (error) {
    if (error instanceof BadInputError) return error.problems[0];
    throw error;
  }
  return undefined;
}

describe('textArg', () => {
  it('passes ordinary text, unicode and absent values through', () => {
    expect(textArg('SKU-1', 'sku')).toBe('SKU-1');
    expect(textArg('Grüße 🚀', 'search')).toBe('Grüße 🚀');
    expect(textArg(undefined, 'search')).toBeUndefined();
    expect(textArg(null, 'search')).toBeNull();
  });

  it('refuses a null byte, naming the field', () => {
    expect(problemOf(() => textArg('a\u0000b', 'filter.search'))?.field).toBe('filter.search');
  });

  it('refuses lone surrogates but not a surrogate pair', () => {
    expect(problemOf(() => textArg('x\uD800', 'sku'))?.field).toBe('sku');
    expect(problemOf(() => textArg('\uDC00x', 'sku'))?.field).toBe('sku');
    expect(problemOf(() => textArg('\uD83D\uDE80', 'sku'))).toBeUndefined();
  });

  it('refuses text longer than the limit', () => {
    expect(problemOf(() => textArg('x'.repeat(11), 'sku', 10))?.message).toMatch(/at most 10/);
  });
});

describe('uuidArg', () => {
  it('accepts a UUID and refuses anything else', () => {
    expect(uuidArg('6f1c2a9e-8d4b-4e3a-9c1d-2b3a4c5d6e7f', 'id')).toBe('6f1c2a9e-8d4b-4e3a-9c1d-2b3a4c5d6e7f');
    expect(problemOf(() => uuidArg('not-a-uuid', 'filter.supplierId'))?.field).toBe('filter.supplierId');
    expect(problemOf(() => uuidArg("1' OR '1'='1", 'id'))?.field).toBe('id');
  });
});

describe('tupleCursorArg', () => {
  const kinds = ['int', 'text', 'uuid'] as const;
  const id = '6f1c2a9e-8d4b-4e3a-9c1d-2b3a4c5d6e7f';

  it('decodes a cursor of the right shape', () => {
    expect(tupleCursorArg(cursor([1, 'SKU-1', id]), 'after', kinds)).toEqual([1, 'SKU-1', id]);
    expect(tupleCursorArg(undefined, 'after', kinds)).toBeNull();
  });

  it.each([
    ['not base64url', '***'],
    ['not JSON', Buffer.from('{oops').toString('base64url')],
    ['an object', cursor({ a: 1 })],
    ['too short', cursor([1, 'SKU-1'])],
    ['a text rank', cursor(['1', 'SKU-1', id])],
    ['a fractional rank', cursor([1.5, 'SKU-1', id])],
    ['a bad id', cursor([1, 'SKU-1', 'nope'])],
    ['a null byte in the SKU', cursor([1, 'S\u0000', id])],
  ])('refuses %s', (_label, after) => {
    expect(problemOf(() => tupleCursorArg(after, 'after', kinds))).toEqual({ field: 'after', message: 'is not a cursor from this query', row: undefined });
  });
});
