import { ArgumentsHost, Catch } from '@nestjs/common';
import { GqlExceptionFilter } from '@nestjs/graphql';
import { BadInputError, ConflictError, NotFoundError } from './errors';
import { toGraphQLError } from './graphql-errors';

/** Turns expected domain errors into GraphQL errors with their code (not logged as failures). */
@Catch(BadInputError, NotFoundError, ConflictError)
export class DomainErrorFilter implements GqlExceptionFilter {
  catch(error: Error, _host: ArgumentsHost) {
    return toGraphQLError(error);
  }
}
