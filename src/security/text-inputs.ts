import {
  ArgumentNode,
  DocumentNode,
  getNamedType,
  GraphQLInputType,
  GraphQLSchema,
  isInputObjectType,
  isListType,
  isNonNullType,
  isScalarType,
  Kind,
  ObjectFieldNode,
  TypeInfo,
  ValueNode,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { FieldProblem } from '../common/errors';

/**
 * Text PostgreSQL cannot store: a NUL character (U+0000) in a `text` parameter is refused by the
 * server with "invalid byte sequence", which a resolver would report as an internal error.
 * Checked once for the whole request, before anything runs, so every text argument and every
 * input-object field is covered — literals in the document and values in the variables — and
 * the refusal names the field. Pure.
 */
export function nulCharacterProblems(document: DocumentNode, variables: Record<string, unknown>): FieldProblem[] {
  const problems: FieldProblem[] = [];
  const fromValue = (value: unknown, field: string, row?: number): void => {
    if (typeof value === 'string') {
      if (value.includes('\u0000')) problems.push({ field, message: 'contains a NUL character (\\u0000), which cannot be stored', ...(row === undefined ? {} : { row }) });
    } else if (Array.isArray(value)) {
      value.forEach((v, i) => fromValue(v, field, i + 1));
    } else if (value && typeof value === 'object') {
      for (const [key, v] of Object.entries(value)) fromValue(v, key, row);
    }
  };
  const fromNode = (node: ValueNode, field: string, row?: number): void => {
    switch (node.kind) {
      case Kind.STRING:
        return fromValue(node.value, field, row);
      case Kind.VARIABLE:
        return fromValue(variables[node.name.value], field, row);
      case Kind.LIST:
        return node.values.forEach((v, i) => fromNode(v, field, i + 1));
      case Kind.OBJECT:
        return node.fields.forEach((f) => fromNode(f.value, f.name.value, row));
      default:
        return;
    }
  };
  visit(document, {
    Argument(node: ArgumentNode) {
      fromNode(node.value, node.name.value);
    },
  });
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
  const problem = (field: string, row?: number) => problems.push({ field, message: 'expected an ISO-8601 date-time such as 2026-01-01T00:00:00Z', ...(row === undefined ? {} : { row }) });
  const fromValue = (type: GraphQLInputType, value: unknown, field: string, row?: number): void => {
    if (value === null || value === undefined) return;
    const inner = isNonNullType(type) ? type.ofType : type;
    if (isListType(inner)) return void (Array.isArray(value) ? value.forEach((v, i) => fromValue(inner.ofType, v, field, i + 1)) : fromValue(inner.ofType, value, field, row));
    if (isInputObjectType(inner) && typeof value === 'object') {
      for (const [key, f] of Object.entries(inner.getFields())) fromValue(f.type, (value as Record<string, unknown>)[key], key, row);
      return;
    }
    if (isScalarType(inner) && inner.name === 'DateTime' && !(typeof value === 'string' && isIsoDateTime(value))) problem(field, row);
  };
  const typeInfo = new TypeInfo(schema);
  const check = (node: ValueNode, name: string) => {
    const type = typeInfo.getInputType();
    if (!type) return;
    if (node.kind === Kind.VARIABLE) fromValue(type, variables[node.name.value], name);
    else if (node.kind === Kind.STRING && getNamedType(type)?.name === 'DateTime' && !isIsoDateTime(node.value)) problem(name);
  };
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Argument: (node: ArgumentNode) => check(node.value, node.name.value),
      ObjectField: (node: ObjectFieldNode) => check(node.value, node.name.value),
    }),
  );
  return problems;
}
