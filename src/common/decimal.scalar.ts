import { GraphQLError, GraphQLScalarType, Kind } from 'graphql';

/**
 * Money and quantities travel as decimal strings ("12.500"), exactly as PostgreSQL `numeric`
 * stores them; inputs also accept JSON numbers. Never rounded through a float on the way in;
 * the services validate the text (and name the row and field) with the same rules as CSV imports.
 */
export const DecimalScalar = new GraphQLScalarType({
  name: 'Decimal',
  description: 'An exact decimal number, written as a string such as "12.5" (numbers are accepted on input).',
  serialize(value) {
    if (typeof value === 'number') return String(value);
    return value;
  },
  parseValue(value) {
    if (typeof value === 'number' && Number.isFinite(value)) return String(value);
    // Strings pass through; the service validates them and names the row and field.
    if (typeof value === 'string') return value.trim();
    throw new GraphQLError(`Decimal: expected a decimal number, got ${JSON.stringify(value)}`);
  },
  parseLiteral(ast) {
    if (ast.kind === Kind.STRING || ast.kind === Kind.INT || ast.kind === Kind.FLOAT) return ast.value.trim();
    throw new GraphQLError('Decimal: expected a decimal number');
  },
});
