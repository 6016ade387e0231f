import { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { LruCache } from '../common/lru-cache';
import { measureQuery, QueryLimits, QueryMeasure, queryLimitViolation } from './query-cost';

/** Measures kept per (query text, operation name, variables): clients send the same few documents. */
const MEASURE_CACHE_ENTRIES = 1000;
/** Requests whose variables are longer than this (as JSON) are measured every time, not cached. */
const MAX_CACHED_VARIABLES_CHARS = 1000;

/**
 * The cache key of a request's measure: its text, operation name and variables (list sizes may
 * come from variables), or undefined when it should not be cached (no text, or large variables).
 */
export function measureCacheKey(query: string | undefined, operationName: string | null | undefined, variables: Record<string, unknown> | undefined): string | undefined {
  if (!query) return undefined;
  const vars = variables && Object.keys(variables).length > 0 ? JSON.stringify(variables) : '';
  if (vars.length > MAX_CACHED_VARIABLES_CHARS) return undefined;
  return `${operationName ?? ''}\u0000${vars}\u0000${query}`;
}

/**
 * Refuses an operation whose depth, aliases, list sizes or cost (see query-cost.ts) break the
 * limits, after parsing and validation and before any resolver runs: code QUERY_TOO_COMPLEX,
 * HTTP 400, with the measure in the extensions so a client can see what to trim. Measures are
 * cached per query text + operation + variables (an LRU), so a repeated read walks its document once.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  const measures = new LruCache<string, QueryMeasure>(MEASURE_CACHE_ENTRIES);
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(context: GraphQLRequestContext<object>) {
          const key = measureCacheKey(context.request.query, context.request.operationName, context.request.variables);
          let measure = key === undefined ? undefined : measures.get(key);
          if (!measure) {
            measure = measureQuery(context.document!, { schema: context.schema, variables: context.request.variables ?? {}, operationName: context.request.operationName });
            if (key !== undefined) measures.set(key, measure);
          }
          const violation = queryLimitViolation(measure, limits);
          if (violation) throw new GraphQLError(`query refused before it ran: ${violation}`, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 }, ...measure } });
        },
      };
    },
  };
}
