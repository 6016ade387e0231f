import { Kind, OperationDefinitionNode } from 'graphql';

/**
 * The root query fields whose answers the read cache may keep. Each one's answer (its fields
 * included) depends only on what it reads from tables during the request — no clock, no per-process
 * memory, nothing from the user beyond the role checks — so the tables its SQL names say when the
 * answer stops being true. Before adding a field here, check that its resolvers and the resolvers of
 * its types hold no in-memory cache and do not use the clock.
 */
export const CACHEABLE_ROOT_FIELDS: ReadonlySet<string> = new Set(['items', 'item', 'suppliers', 'recommendations', 'latestRecommendation', 'purchaseOrders', 'forecast']);

/**
 * Tables read only to check who is asking (the token's session, its signing key): a stored answer
 * is served only after the same checks run again for the request (BearerAuthService), so changes
 * to them (a login's bookkeeping) do not drop answers.
 */
export const AUTH_TABLES: ReadonlySet<string> = new Set(['users', 'signing_keys', 'refresh_tokens']);

/** Whether every root field of a query operation may be cached (fragments at the root: no). */
export function cacheableOperation(operation: OperationDefinitionNode | undefined): boolean {
  if (!operation || operation.operation !== 'query' || operation.selectionSet.selections.length === 0) return false;
  return operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && (CACHEABLE_ROOT_FIELDS.has(s.name.value) || s.name.value === '__typename') && !s.directives?.length);
}

/** What a stored answer is: the data, its operation's label for the metrics, and its JSON once asked for. */
export interface Answer {
  readonly data: Record<string, unknown>;
  readonly label: string;
  json?: string;
}

/** An answer's key: the same user with the same role asking the same text, operation and variables. */
export function answerKey(user: { id: string; role: string }, operationName: unknown, query: unknown, variables: unknown): string {
  return `${user.id}\u0000${user.role}\u0000${typeof operationName === 'string' ? operationName : ''}\u0000${typeof query === 'string' ? query : ''}\u0000${JSON.stringify(variables ?? {})}`;
}
