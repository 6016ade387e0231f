import { INestApplicationContext } from '@nestjs/common';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import { lexicographicSortSchema, printSchema } from 'graphql';

/** The committed copy of the API's schema that the console's types are generated from. */
export const SCHEMA_FILE = 'web/schema.graphql';

const HEADER = '# The API schema the console is typed against. Generated: npm run schema (do not edit).\n\n';

/** The running app's GraphQL schema as SDL, sorted, with the header of the committed file. */
export function schemaText(app: INestApplicationContext): string {
  return HEADER + printSchema(lexicographicSortSchema(app.get(GraphQLSchemaHost).schema)) + '\n';
}
