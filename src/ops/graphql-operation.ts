/**
 * How a GraphQL request is named in metrics and anomaly series, and which of its errors count
 * as failures of the service. Pure.
 */
const NAME = /^[A-Za-z_][A-Za-z0-9_]{0,63}$/;

/**
 * The operation's own name when it has a sane one; else the root fields it selects
 * (`anonymous:items,suppliers`), so unnamed queries still get a stable, bounded label.
 */
export function operationLabel(operationName: string | null | undefined, rootFields: readonly string[]): string {
  if (operationName && NAME.test(operationName)) return operationName;
  const fields = [...new Set(rootFields)].sort().join(',');
  return fields ? `anonymous:${fields}`.slice(0, 80) : 'anonymous';
}

/** Codes that are the caller's doing (bad query, bad input, no token, wrong role): not failures of the service. */
const CLIENT_CODES = new Set([
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_USER_INPUT',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'CONFLICT',
  'TOO_MANY_REQUESTS',
]);

/** A request failed (for the error rate) when one of its errors is not the caller's doing. */
export function isServiceFailure(codes: readonly (string | undefined)[]): boolean {
  return codes.some((code) => code === undefined || !CLIENT_CODES.has(code));
}

/** Keeps at most `max` distinct labels; later newcomers become `other` (Prometheus cardinality). */
export class LabelBudget {
  private readonly seen = new Set<string>();

  constructor(private readonly max: number) {}

  admit(label: string): string {
    if (this.seen.has(label)) return label;
    if (this.seen.size >= this.max) return 'other';
    this.seen.add(label);
    return label;
  }
}
