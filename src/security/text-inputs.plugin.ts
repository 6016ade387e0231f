import { ApolloServerPlugin, GraphQLRequestContext, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { GraphQLError } from 'graphql';
import { describeProblem } from '../common/errors';
import { dateTimeProblems, nulCharacterProblems } from './text-inputs';

/** Refuses a request with a NUL character in any text input or a DateTime input that is not ISO-8601 (text-inputs.ts): BAD_USER_INPUT naming the field, before anything runs. */
@Plugin()
export class TextInputsPlugin implements ApolloServerPlugin {
  async requestDidStart(): Promise<GraphQLRequestListener<object>> {
    return {
      didResolveOperation: async (context: GraphQLRequestContext<object>) => {
        const variables = context.request.variables ?? {};
        const problems = [...nulCharacterProblems(context.document!, variables), ...dateTimeProblems(context.schema, context.document!, variables)];
        if (problems.length) throw new GraphQLError(problems.map(describeProblem).join('; '), { extensions: { code: 'BAD_USER_INPUT', problems, http: { status: 400 } } });
      },
    };
  }
}
