import { ApolloServerPlugin, GraphQLRequestContext } from '@apollo/server';
import { GraphQLError } from 'graphql';
import { measureQuery, QueryLimits, queryLimitViolation } from './query-cost';

/**
 * Refuses an operation whose depth, aliases, list sizes or cost (see query-cost.ts) break the
 * limits, after parsing and validation and before any resolver runs: code QUERY_TOO_COMPLEX,
 * HTTP 400, with the measure in the extensions so a client can see what to trim.
 */
export function queryLimitsPlugin(limits: QueryLimits): ApolloServerPlugin {
  return {
    async requestDidStart() {
      return {
        async didResolveOperation(context: GraphQLRequestContext<object>) {
          const measure = measureQuery(context.document!, { schema: context.schema, variables: context.request.variables ?? {}, operationName: context.request.operationName });
          const violation = queryLimitViolation(measure, limits);
          if (violation) throw new GraphQLError(`query refused before it ran: ${violation}`, { extensions: { code: 'QUERY_TOO_COMPLEX', http: { status: 400 }, ...measure } });
        },
      };
    },
  };
}
