import { buildSchema, parse } from 'graphql';
import { dateTimeProblems, isIsoDateTime, nulCharacterProblems } from './text-inputs';

describe('nulCharacterProblems', () => {
  it('names the argument of a literal and of a variable', () => {
    expect(nulCharacterProblems(parse('{ item(sku: "a\\u0000b") { name } }'), {})).toEqual([{ field: 'sku', message: expect.stringMatching(/NUL/) }]);
    expect(nulCharacterProblems(parse('query($s: String!) { item(sku: $s) { name } }'), { s: 'a\u0000' })).toEqual([{ field: 'sku', message: expect.stringMatching(/NUL/) }]);
  });

  it('names the input-object field and the 1-based row of a list', () => {
    const doc = parse('mutation($items: [ItemInput!]!) { upsertItems(items: $items) { inserted } }');
    const items = [{ sku: 'A', name: 'fine' }, { sku: 'B', name: 'bad\u0000' }];
    expect(nulCharacterProblems(doc, { items })).toEqual([{ field: 'name', row: 2, message: expect.any(String) }]);
    expect(nulCharacterProblems(parse('mutation { upsertSuppliers(suppliers: [{ name: "x\\u0000", defaultLeadTimeDays: 1 }]) { name } }'), {})).toEqual([{ field: 'name', row: 1, message: expect.any(String) }]);
  });

  it('names a field of a non-list input object by its path from the argument', () => {
    expect(nulCharacterProblems(parse('query($f: ItemFilterInput) { items(filter: $f) { totalCount } }'), { f: { search: 'a\u0000' } }).map((p) => p.field)).toEqual(['filter.search']);
  });

  it('leaves clean text, other control characters and unused variables alone', () => {
    expect(nulCharacterProblems(parse('query($s: String!) { item(sku: $s) { name } }'), { s: 'a\r\n\t\u0001b', unused: '\u0000' })).toEqual([]);
  });
});

describe('dateTimeProblems', () => {
  const schema = buildSchema(`scalar DateTime
    input Range { from: DateTime!, note: String }
    type Query { exportAudit(from: DateTime!, to: DateTime!): String, ranges(r: [Range!]!): Int }`);

  it('takes ISO-8601 with a zone and refuses what new Date() would also take', () => {
    expect(isIsoDateTime('2026-01-01T00:00:00Z')).toBe(true);
    expect(isIsoDateTime('2026-01-01T00:00:00.123+02:00')).toBe(true);
    expect(Number.isNaN(new Date("Acme' OR '1'='1").getTime())).toBe(false); // why this check exists
    for (const bad of ["Acme' OR '1'='1", '2026-01-01', '1', '2026-13-01T00:00:00Z', '2026-01-01T00:00:00']) expect([bad, isIsoDateTime(bad)]).toEqual([bad, false]);
  });

  it('names the argument (variable or literal) and the field inside a list of input objects with its row', () => {
    const doc = parse('query($f: DateTime!) { exportAudit(from: $f, to: "yesterday") }');
    expect(dateTimeProblems(schema, doc, { f: "Acme' OR '1'='1" }).map((p) => p.field)).toEqual(['from', 'to']);
    expect(dateTimeProblems(schema, doc, { f: '2026-01-01T00:00:00Z' }).map((p) => p.field)).toEqual(['to']);
    const list = parse('query($r: [Range!]!) { ranges(r: $r) }');
    expect(dateTimeProblems(schema, list, { r: [{ from: '2026-01-01T00:00:00Z' }, { from: 'soon', note: 'x' }] })).toEqual([{ field: 'from', row: 2, message: expect.any(String) }]);
  });
});
