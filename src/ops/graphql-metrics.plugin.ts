import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { GraphQLError, Kind } from 'graphql';
import { performance } from 'node:perf_hooks';
import { toGraphQLError } from '../common/graphql-errors';
import { isServiceFailure, operationLabel } from './graphql-operation';
import { GraphqlOperationsRecorder } from './graphql-operations.recorder';

/**
 * Apollo plugin: every GraphQL operation's latency and outcome go to the latency histogram and
 * to the anomaly detectors, per operation.
 */
@Plugin()
export class GraphqlMetricsPlugin implements ApolloServerPlugin {
  constructor(private readonly recorder: GraphqlOperationsRecorder) {}

  async requestDidStart(): Promise<GraphQLRequestListener<Record<string, unknown>>> {
    const started = performance.now();
    let label = 'unparsed';
    return {
      didResolveOperation: async (ctx) => {
        const fields = ctx.operation?.selectionSet.selections.flatMap((s) => (s.kind === Kind.FIELD ? [s.name.value] : [])) ?? [];
        label = operationLabel(ctx.operationName, fields);
      },
      willSendResponse: async (ctx: GraphQLRequestContext<Record<string, unknown>>) => {
        const ms = performance.now() - started;
        const ok = !isServiceFailure((ctx.errors ?? []).map(errorCode));
        this.recorder.record(label, ms, ok);
      },
    };
  }
}

function errorCode(error: GraphQLError): string | undefined {
  const mapped = toGraphQLError(error.originalError ?? error);
  return (mapped?.extensions.code ?? error.extensions?.code) as string | undefined;
}
