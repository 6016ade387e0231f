/**
 * The result types every field parser returns: a normalised value, or one problem naming the field.
 */

export interface FieldError {
  field: string;
  message: string;
}

/** Result of validating a whole record: all problems, not just the first. */
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Result of validating one field. */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; error: FieldError };

/** A failed FieldResult naming the field. */
export function fieldFailure<T>(field: string, message: string): FieldResult<T> {
  return { ok: false, error: { field, message } };
}

/** How a rejected value is echoed back in a message: quoted, shortened. */
export function quotedValue(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}

/** Missing, null or only whitespace: the field was left empty. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}
