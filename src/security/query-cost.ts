import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  GraphQLField,
  GraphQLNamedType,
  GraphQLSchema,
  isObjectType,
  isInterfaceType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  ValueNode,
} from 'graphql';

/**
 * The size of a GraphQL request, measured on its parsed document before anything runs. Pure:
 * no Nest, no database, no clock.
 *
 * - `depth`: the longest chain of nested fields (`items { nodes { supplier { name } } }` is 4).
 * - `aliases`: how many fields carry an alias (fragments counted once per place they are spread).
 * - `cost`: every field costs 1 × the product of the list sizes above it. A field with a
 *   list-size argument (`first`, `weeks`, `last`, `limit`) multiplies everything below it by that
 *   argument's value (from the literal, the variable, or the argument's default in the schema).
 *   `items(first: 500) { nodes { sku recentUsage(weeks: 156) { quantity } } }` costs
 *   1 (items) + 500 × 3 (nodes, sku, recentUsage) + 500 × 156 × 1 (quantity) = 79,501.
 * - `largestListSize`: the biggest list-size argument anywhere, for the cap on `first`.
 *
 * Fragment costs are computed once per (fragment, parent type) and multiplied, so a "fragment
 * bomb" costs a walk of its text, not of its expansion.
 */
export interface QueryMeasure {
  depth: number;
  aliases: number;
  cost: number;
  largestListSize: number;
}

export const LIST_SIZE_ARGUMENTS: readonly string[] = ['first', 'last', 'weeks', 'limit'];

export interface MeasureOptions {
  schema?: GraphQLSchema;
  variables?: Record<string, unknown>;
  /** The operation to measure when the document holds several (the first one otherwise). */
  operationName?: string | null;
}

interface Measured {
  depth: number;
  aliases: number;
  /** Cost of the selection set with a multiplier of 1 (costs scale linearly). */
  cost: number;
  largestListSize: number;
}

const EMPTY: Measured = { depth: 0, aliases: 0, cost: 0, largestListSize: 0 };

export function measureQuery(document: DocumentNode, options: MeasureOptions = {}): QueryMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  const operations: OperationDefinitionNode[] = [];
  for (const definition of document.definitions) {
    if (definition.kind === Kind.FRAGMENT_DEFINITION) fragments.set(definition.name.value, definition);
    else if (definition.kind === Kind.OPERATION_DEFINITION) operations.push(definition);
  }
  const operation = options.operationName ? operations.find((o) => o.name?.value === options.operationName) : operations[0];
  if (!operation) return { ...EMPTY };
  const schema = options.schema;
  const rootType =
    operation.operation === 'query' ? schema?.getQueryType() : operation.operation === 'mutation' ? schema?.getMutationType() : schema?.getSubscriptionType();
  const variables = options.variables ?? {};
  const memo = new Map<string, Measured>();
  const visiting = new Set<string>();

  function selectionSet(set: SelectionSetNode, parent: GraphQLNamedType | undefined | null): Measured {
    let depth = 0;
    let aliases = 0;
    let cost = 0;
    let largestListSize = 0;
    const add = (part: Measured, extraDepth: number) => {
      depth = Math.max(depth, part.depth + extraDepth);
      aliases += part.aliases;
      cost += part.cost;
      largestListSize = Math.max(largestListSize, part.largestListSize);
    };
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) add(field(selection, parent), 0);
      else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const type = selection.typeCondition ? schema?.getType(selection.typeCondition.name.value) : parent;
        add(selectionSet(selection.selectionSet, type), 0);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment) continue;
        const type = schema?.getType(fragment.typeCondition.name.value) ?? parent;
        const key = `${name}\u0000${type?.name ?? ''}`;
        // A cycle is a validation error (NoFragmentCycles); count it as nothing rather than loop.
        if (visiting.has(key)) continue;
        let part = memo.get(key);
        if (!part) {
          visiting.add(key);
          part = selectionSet(fragment.selectionSet, type);
          visiting.delete(key);
          memo.set(key, part);
        }
        add(part, 0);
      }
    }
    return { depth, aliases, cost, largestListSize };
  }

  function field(node: FieldNode, parent: GraphQLNamedType | undefined | null): Measured {
    const definition = parent && (isObjectType(parent) || isInterfaceType(parent)) ? parent.getFields()[node.name.value] : undefined;
    const size = listSize(node, definition);
    const childType = definition ? getNamedType(definition.type) : undefined;
    const children = node.selectionSet ? selectionSet(node.selectionSet, childType) : EMPTY;
    const multiplier = size ?? 1;
    return {
      depth: children.depth + 1,
      aliases: children.aliases + (node.alias ? 1 : 0),
      cost: 1 + multiplier * children.cost,
      largestListSize: Math.max(size ?? 0, children.largestListSize),
    };
  }

  function listSize(node: FieldNode, definition: GraphQLField<unknown, unknown> | undefined): number | undefined {
    let size: number | undefined;
    for (const name of LIST_SIZE_ARGUMENTS) {
      const argument = node.arguments?.find((a) => a.name.value === name);
      const value = argument ? numberValue(argument.value, variables) : undefined;
      const fallback = definition?.args.find((a) => a.name === name)?.defaultValue;
      const n = value ?? (typeof fallback === 'number' ? fallback : undefined);
      if (n !== undefined) size = Math.max(size ?? 0, n);
    }
    return size;
  }

  return selectionSet(operation.selectionSet, rootType);
}

function numberValue(value: ValueNode, variables: Record<string, unknown>): number | undefined {
  if (value.kind === Kind.INT || value.kind === Kind.FLOAT) return Math.max(0, Number(value.value));
  if (value.kind === Kind.VARIABLE) {
    const v = variables[value.name.value];
    return typeof v === 'number' && Number.isFinite(v) ? Math.max(0, v) : undefined;
  }
  return undefined;
}

export interface QueryLimits {
  maxDepth: number;
  maxAliases: number;
  maxCost: number;
  maxListSize: number;
}

/** The first limit a measured request breaks, as a sentence for the client; undefined when none. */
export function queryLimitViolation(measure: QueryMeasure, limits: QueryLimits): string | undefined {
  if (measure.largestListSize > limits.maxListSize) return `a list size argument (first/weeks) of ${measure.largestListSize} exceeds the maximum of ${limits.maxListSize}`;
  if (measure.depth > limits.maxDepth) return `query depth ${measure.depth} exceeds the maximum of ${limits.maxDepth}`;
  if (measure.aliases > limits.maxAliases) return `query uses ${measure.aliases} aliases; the maximum is ${limits.maxAliases}`;
  if (measure.cost > limits.maxCost) return `query cost ${measure.cost} exceeds the maximum of ${limits.maxCost} (each field costs 1 × the list sizes above it)`;
  return undefined;
}
