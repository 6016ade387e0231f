import { BadInputError } from './errors';

/**
 * Checks for the plain arguments resolvers pass on (a SKU to look up, a filter, an id, a
 * cursor): a value PostgreSQL cannot take (a null byte, a lone surrogate, a non-UUID for a uuid
 * column) is the caller's mistake, a BAD_USER_INPUT naming the field, never a database error.
 * Each returns the value unchanged, so a resolver checks in place: `sku = textArg(sku, 'sku')`.
 */

const NOT_TEXT = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;
const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Text without null bytes, control characters or lone surrogates, at most maxLength characters. */
export function textArg<T extends string | null | undefined>(value: T, field: string, maxLength = 500): T {
  if (value === null || value === undefined) return value;
  if (value.length > maxLength) throw BadInputError.field(field, `must be at most ${maxLength} characters, got ${value.length}`);
  if (NOT_TEXT.test(value)) throw BadInputError.field(field, 'must be text without null bytes, control characters or lone surrogates');
  return value;
}

/** A UUID (any case). */
export function uuidArg<T extends string | null | undefined>(value: T, field: string): T {
  if (value === null || value === undefined) return value;
  if (!UUID.test(value)) throw BadInputError.field(field, 'must be a UUID');
  return value;
}

/**
 * A cursor that is the base64url of a JSON array with one element per kind: 'int' (a safe
 * integer), 'text' (clean text) or 'uuid'. Anything else — not base64url, not JSON, another
 * shape — is "not a cursor from this query".
 */
export function tupleCursorArg(after: string | null | undefined, field: string, kinds: readonly ('int' | 'text' | 'uuid')[]): unknown[] | null {
  if (after === null || after === undefined || after === '') return null;
  const refuse = () => BadInputError.field(field, 'is not a cursor from this query');
  if (after.length > 1000 || !/^[A-Za-z0-9_-]+$/.test(after)) throw refuse();
  let value: unknown;
  try {
    value = JSON.parse(Buffer.from(after, 'base64url').toString('utf8'));
  } catch {
    throw refuse();
  }
  if (!Array.isArray(value) || value.length !== kinds.length) throw refuse();
  kinds.forEach((kind, i) => {
    const v = value[i];
    const ok =
      kind === 'int' ? Number.isSafeInteger(v) : kind === 'uuid' ? typeof v === 'string' && UUID.test(v) : typeof v === 'string' && v.length <= 1000 && !NOT_TEXT.test(v);
    if (!ok) throw refuse();
  });
  return value;
}
