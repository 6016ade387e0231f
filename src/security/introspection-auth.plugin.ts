import { ApolloServerPlugin, GraphQLRequestContext, GraphQLRequestListener } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Request } from 'express';
import { GraphQLError } from 'graphql';
import { asksForSchema } from './introspection';
import { BearerAuthService } from './bearer-auth.service';

/**
 * Introspection only for a signed-in user, in every mode (production turns it off altogether,
 * GRAPHQL_INTROSPECTION). Introspection fields have no resolvers of ours, so the auth guard
 * never sees them; this plugin checks the bearer token itself, the way the guard does, after
 * the document is parsed and validated and before anything runs. Nothing in the repository needs
 * anonymous introspection: the console is typed against web/schema.graphql, which
 * `npm run schema` prints from the code.
 */
@Plugin()
export class IntrospectionAuthPlugin implements ApolloServerPlugin<{ req?: Request }> {
  constructor(private readonly bearer: BearerAuthService) {}

  async requestDidStart(): Promise<GraphQLRequestListener<{ req?: Request }>> {
    return {
      didResolveOperation: async (context: GraphQLRequestContext<{ req?: Request }>) => {
        if (!context.document || !asksForSchema(context.document)) return;
        if (await this.signedIn(context.contextValue.req)) return;
        throw new GraphQLError('introspection needs a signed-in user (a valid bearer token)', { extensions: { code: 'UNAUTHENTICATED', http: { status: 401 } } });
      },
    };
  }

  private async signedIn(req: Request | undefined): Promise<boolean> {
    return (await this.bearer.user(req?.headers.authorization)) !== false;
  }
}
