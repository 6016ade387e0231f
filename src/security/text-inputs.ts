import { ArgumentNode, DocumentNode, getNamedType, GraphQLInputType, GraphQLSchema, isInputObjectType, isListType, isNonNullType, TypeInfo, valueFromASTUntyped, visit, visitWithTypeInfo } from 'graphql';
import { FieldProblem } from '../common/errors';

/**
 * How a problem names its field, as the rest of the API does: an argument by its name, a field
 * of an input object by its path from the argument (`filter.search`), and inside a list of rows
 * by the field's own name with the 1-based row (`name`, row 2).
 */
type Visit = (value: unknown, field: string, row: number | undefined, type: GraphQLInputType | undefined) => void;

function walkValue(value: unknown, field: string, row: number | undefined, type: GraphQLInputType | undefined, leaf: Visit, inRow = false): void {
  if (value === null || value === undefined) return;
  const inner = type && isNonNullType(type) ? type.ofType : type;
  if (Array.isArray(value)) {
    const element = inner && isListType(inner) ? inner.ofType : inner;
    return value.forEach((v, i) => walkValue(v, field, i + 1, element, leaf, true));
  }
  if (typeof value === 'object') {
    const fields = inner && isInputObjectType(inner) ? inner.getFields() : undefined;
    for (const [key, v] of Object.entries(value as Record<string, unknown>)) walkValue(v, inRow ? key : `${field}.${key}`, row, fields?.[key]?.type, leaf);
    return;
  }
  leaf(value, field, row, inner);
}

interface ArgumentSite {
  node: ArgumentNode;
  type: GraphQLInputType | undefined;
}

/** The document's arguments with their input types, found once per (document, schema): Apollo reuses the parsed document of a query text. */
const sitesOf = new WeakMap<DocumentNode, { schema: GraphQLSchema | undefined; sites: ArgumentSite[] }[]>();

function argumentSites(document: DocumentNode, schema: GraphQLSchema | undefined): ArgumentSite[] {
  const known = sitesOf.get(document) ?? [];
  const found = known.find((k) => k.schema === schema);
  if (found) return found.sites;
  const sites: ArgumentSite[] = [];
  const typeInfo = schema ? new TypeInfo(schema) : undefined;
  const visitor = {
    Argument(node: ArgumentNode) {
      sites.push({ node, type: typeInfo?.getInputType() ?? undefined });
      return false; // the value is walked as a whole
    },
  };
  visit(document, typeInfo ? visitWithTypeInfo(typeInfo, visitor) : visitor);
  sitesOf.set(document, [...known.slice(-1), { schema, sites }]);
  return sites;
}

/** Every argument's value (literals and variables resolved), with its input type when the schema knows it. */
function eachArgument(document: DocumentNode, variables: Record<string, unknown>, schema: GraphQLSchema | undefined, visitArgument: (value: unknown, name: string, type: GraphQLInputType | undefined) => void): void {
  for (const { node, type } of argumentSites(document, schema)) visitArgument(valueFromASTUntyped(node.value, variables), node.name.value, type);
}

/**
 * Text PostgreSQL cannot store: a NUL character (U+0000) in a `text` parameter is refused by the
 * server with "invalid byte sequence", which a resolver would report as an internal error.
 * Checked once for the whole request, before anything runs, so every text argument and every
 * input-object field is covered — literals in the document and values in the variables — and
 * the refusal names the field. Pure.
 */
export function nulCharacterProblems(document: DocumentNode, variables: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  eachArgument(document, variables, undefined, (value, name) =>
    walkValue(value, name, undefined, undefined, (leaf, field, row) => {
      if (typeof leaf === 'string' && leaf.includes('\u0000')) problems.push({ field, message: 'contains a NUL character (\\u0000), which cannot be stored', ...(row === undefined ? {} : { row }) });
    }),
  );
  return problems;
}

/** An ISO-8601 date-time with a zone, as the DateTime scalar's description promises (`new Date()` alone takes almost anything). */
const ISO_DATE_TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d{1,9})?)?(?:Z|[+-]\d{2}:\d{2})$/;

export function isIsoDateTime(value: string): boolean {
  return ISO_DATE_TIME.test(value) && !Number.isNaN(new Date(value).getTime());
}

/**
 * DateTime inputs that are not ISO-8601 date-times: the framework's scalar hands `new Date(text)`
 * to the resolver, and V8 reads a date out of text such as "Acme' OR '1'='1". Literals and
 * variables, at any depth of input objects and lists. Pure (the schema is passed in).
 */
export function dateTimeProblems(schema: GraphQLSchema, document: DocumentNode, variables: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  eachArgument(document, variables, schema, (value, name, type) =>
    walkValue(value, name, undefined, type, (leaf, field, row, leafType) => {
      if (leafType && getNamedType(leafType)?.name === 'DateTime' && !(typeof leaf === 'string' && isIsoDateTime(leaf))) {
        problems.push({ field, message: 'expected an ISO-8601 date-time such as 2026-01-01T00:00:00Z', ...(row === undefined ? {} : { row }) });
      }
    }),
  );
  return problems;
}
