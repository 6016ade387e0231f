/**
 * Domain errors. Services throw these; the GraphQL layer maps each to one error code
 * (see graphql-errors.ts), the CLI prints the message. One mapping, one place.
 */
export interface FieldProblem {
  /** 1-based row of the batch (or CSV line) the problem is in, when there is one. */
  row?: number;
  field: string;
  message: string;
}

export class BadInputError extends Error {
  constructor(readonly problems: FieldProblem[]) {
    super(problems.map(describeProblem).join('; '));
  }

  static field(field: string, message: string, row?: number): BadInputError {
    return new BadInputError([{ field, message, row }]);
  }
}

export function describeProblem(p: FieldProblem): string {
  return `${p.row !== undefined ? `row ${p.row}, ` : ''}${p.field}: ${p.message}`;
}

export class NotFoundError extends Error {
  constructor(entity: string, key: string) {
    super(`${entity} ${key} not found`);
  }
}

/** The request is valid but conflicts with the current state (already decided, run already started). */
export class ConflictError extends Error {}
