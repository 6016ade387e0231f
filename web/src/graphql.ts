import { initGraphQLTada } from 'gql.tada';
import type { introspection } from './graphql-env.d.ts';

/**
 * Typed GraphQL documents: the types come from web/schema.graphql (the API's schema, checked by
 * test/console.e2e-spec.ts), so a schema change that breaks a page breaks `npm run build`.
 */
export const graphql = initGraphQLTada<{
  introspection: introspection;
  scalars: { Decimal: string; JSON: unknown; DateTime: string };
}>();

export type { ResultOf, VariablesOf } from 'gql.tada';
