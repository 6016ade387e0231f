import { decodeCursor, encodeCursor } from './cursor';
import { BadInputError } from './errors';

describe('page cursors', () => {
  it('decodes what it encoded, parts and types intact', () => {
    const cursor = encodeCursor([2, 'SKU-00042', '7b1e4c52-0d7e-4a8f-9a51-3f0c2b9e6d11']);
    expect(cursor).toMatch(/^[A-Za-z0-9_-]+$/); // base64url: safe in URLs and JSON without escaping
    expect(decodeCursor(cursor, ['number', 'string', 'string'])).toEqual([2, 'SKU-00042', '7b1e4c52-0d7e-4a8f-9a51-3f0c2b9e6d11']);
    expect(decodeCursor(encodeCursor(['ÄB "quoted"']), ['string'])).toEqual(['ÄB "quoted"']);
  });

  it('is the base64url of the JSON key', () => {
    expect(encodeCursor(['A'])).toBe(Buffer.from('["A"]').toString('base64url'));
  });

  it.each([
    ['not base64 JSON', 'x'],
    ['a bare string', Buffer.from('SKU-1').toString('base64url')],
    ['the wrong length', encodeCursor(['SKU-1', 'extra'])],
    ['the wrong part type', encodeCursor([1])],
    ['a NUL character, which PostgreSQL text cannot hold', encodeCursor(['SKU\u00001'])],
  ])('rejects %s as BAD_USER_INPUT naming the argument', (_, cursor) => {
    expect(() => decodeCursor(cursor, ['string'])).toThrow(BadInputError);
    expect(() => decodeCursor(cursor, ['string'])).toThrow(/not a cursor/);
  });

  it("applies the query's own rule to the parts", () => {
    const rankInRange = ([rank]: (string | number)[]) => Number.isInteger(rank) && (rank as number) >= 0 && (rank as number) <= 3;
    expect(decodeCursor(encodeCursor([3, 'A']), ['number', 'string'], { accept: rankInRange })).toEqual([3, 'A']);
    expect(() => decodeCursor(encodeCursor([4, 'A']), ['number', 'string'], { accept: rankInRange })).toThrow(BadInputError);
    expect(() => decodeCursor(encodeCursor([0.5, 'A']), ['number', 'string'], { accept: rankInRange, field: 'before' })).toThrow(BadInputError);
  });
});
