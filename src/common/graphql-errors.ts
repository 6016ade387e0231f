import { HttpException, Logger } from '@nestjs/common';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { BadInputError, ConflictError, NotFoundError } from './errors';

/** The one mapping from domain errors to GraphQL error codes. */
export function toGraphQLError(error: unknown): GraphQLError | undefined {
  if (error instanceof BadInputError) {
    return new GraphQLError(error.message, { extensions: { code: 'BAD_USER_INPUT', problems: error.problems } });
  }
  if (error instanceof NotFoundError) return new GraphQLError(error.message, { extensions: { code: 'NOT_FOUND' } });
  if (error instanceof ConflictError) return new GraphQLError(error.message, { extensions: { code: 'CONFLICT' } });
  if (error instanceof HttpException) {
    const status = error.getStatus();
    const code = status === 401 ? 'UNAUTHENTICATED' : status === 403 ? 'FORBIDDEN' : status === 429 ? 'TOO_MANY_REQUESTS' : status < 500 ? 'BAD_REQUEST' : 'INTERNAL_SERVER_ERROR';
    return new GraphQLError(error.message, { extensions: { code } });
  }
  return undefined;
}

const logger = new Logger('GraphQL');

/** Apollo formatError: keeps known codes, hides internals of unexpected errors. */
export function formatGraphQLError(formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError {
  const original = error instanceof GraphQLError ? error.originalError ?? error : error;
  const mapped = toGraphQLError(original);
  if (mapped) return { ...formatted, message: mapped.message, extensions: { ...mapped.extensions } };
  const code = formatted.extensions?.code;
  if (code === 'INTERNAL_SERVER_ERROR' || code === undefined) {
    logger.error(`${formatted.path?.join('.') ?? 'request'}: ${(original as Error)?.stack ?? String(original)}`);
    return { message: 'Internal server error', locations: formatted.locations, path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  }
  const { stacktrace: _stack, ...extensions } = formatted.extensions ?? {};
  return { ...formatted, extensions };
}
