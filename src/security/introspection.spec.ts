import { parse } from 'graphql';
import { asksForSchema } from './introspection';

describe('asksForSchema', () => {
  it('finds __schema and __type at the top, nested under an alias, and inside a fragment', () => {
    expect(asksForSchema(parse('{ __schema { queryType { name } } }'))).toBe(true);
    expect(asksForSchema(parse('{ t: __type(name: "Item") { name } }'))).toBe(true);
    expect(asksForSchema(parse('query { ...F } fragment F on Query { __schema { types { name } } }'))).toBe(true);
  });

  it('leaves ordinary queries and __typename alone', () => {
    expect(asksForSchema(parse('{ items(first: 1) { __typename nodes { sku } } }'))).toBe(false);
    expect(asksForSchema(parse('mutation { login(username: "a", password: "b") { accessToken } }'))).toBe(false);
  });
});
