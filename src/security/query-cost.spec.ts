import { buildSchema, parse } from 'graphql';
import { measureQuery, queryLimitViolation } from './query-cost';
import { measureCacheKey } from './query-limits.plugin';

const schema = buildSchema(`
  type Query { items(first: Int = 50, after: String): ItemConnection!  suppliers: [Supplier!]! }
  type ItemConnection { totalCount: Int! nodes: [Item!]! }
  type Item { sku: String! supplier: Supplier recentUsage(weeks: Int = 12): [Usage!]! }
  type Supplier { name: String! }
  type Usage { weekStart: String! quantity: String! }
`);

const measure = (query: string, variables?: Record<string, unknown>) => measureQuery(parse(query), { schema, variables });

describe('measureQuery', () => {
  it('costs each field 1 × the list sizes above it', () => {
    // items 1; nodes, sku, recentUsage: 500 each; quantity: 500 × 156
    expect(measure('{ items(first: 500) { nodes { sku recentUsage(weeks: 156) { quantity } } } }')).toEqual({ depth: 4, aliases: 0, cost: 1 + 500 * 3 + 500 * 156, largestListSize: 500 });
  });

  it('uses the schema default when the size argument is absent', () => {
    // items default first 50: nodes 50, recentUsage 50, weekStart 50 × 12
    expect(measure('{ items { nodes { recentUsage { weekStart } } } }').cost).toBe(1 + 50 + 50 + 50 * 12);
  });

  it('reads sizes from variables', () => {
    expect(measure('query($n: Int) { items(first: $n) { totalCount } }', { n: 7 }).cost).toBe(1 + 7);
  });

  it('counts aliases and multiplies aliased copies', () => {
    const m = measure('{ a: items(first: 10) { totalCount } b: items(first: 10) { totalCount } c: suppliers { name } }');
    expect(m.aliases).toBe(3);
    expect(m.cost).toBe(11 + 11 + 2);
  });

  it('counts a fragment once per spread, without walking its expansion again', () => {
    const m = measure(`
      fragment S on Supplier { n1: name n2: name }
      fragment I on Item { supplier { ...S ...S } }
      { items(first: 2) { nodes { ...I ...I } } }`);
    // each I: supplier 1 + (2 fields × 2 spreads) = 5; nodes = 1 + 2 × 5 = 11; items = 1 + 2 × 11 = 23
    expect(m.cost).toBe(23);
    expect(m.aliases).toBe(8);
    expect(m.depth).toBe(4);
  });

  it('measures the named operation', () => {
    expect(measure('query A { suppliers { name } } query B { items(first: 3) { totalCount } }').cost).toBe(2);
    expect(measureQuery(parse('query A { suppliers { name } } query B { items(first: 3) { totalCount } }'), { schema, operationName: 'B' }).cost).toBe(4);
  });
});

describe('queryLimitViolation', () => {
  const limits = { maxDepth: 3, maxAliases: 2, maxCost: 100, maxListSize: 500 };
  it('names the first limit broken', () => {
    expect(queryLimitViolation({ depth: 1, aliases: 0, cost: 1, largestListSize: 501 }, limits)).toMatch(/list size .* 501 exceeds the maximum of 500/);
    expect(queryLimitViolation({ depth: 4, aliases: 0, cost: 1, largestListSize: 0 }, limits)).toMatch(/depth 4/);
    expect(queryLimitViolation({ depth: 1, aliases: 3, cost: 1, largestListSize: 0 }, limits)).toMatch(/3 aliases/);
    expect(queryLimitViolation({ depth: 1, aliases: 0, cost: 101, largestListSize: 0 }, limits)).toMatch(/cost 101/);
  });
  it('passes a request within every limit', () => {
    expect(queryLimitViolation({ depth: 3, aliases: 2, cost: 100, largestListSize: 500 }, limits)).toBeUndefined();
  });
});

describe('measureCacheKey', () => {
  it('tells apart the same text with other variables or another operation', () => {
    const q = 'query($n: Int) { items(first: $n) { totalCount } }';
    expect(measureCacheKey(q, null, { n: 7 })).not.toBe(measureCacheKey(q, null, { n: 500 }));
    expect(measureCacheKey(q, 'A', {})).not.toBe(measureCacheKey(q, 'B', {}));
    expect(measureCacheKey(q, null, {})).toBe(measureCacheKey(q, undefined, undefined));
  });

  it('does not cache requests without text or with large variables', () => {
    expect(measureCacheKey(undefined, null, {})).toBeUndefined();
    expect(measureCacheKey('{ items { totalCount } }', null, { big: 'x'.repeat(2000) })).toBeUndefined();
  });
});
