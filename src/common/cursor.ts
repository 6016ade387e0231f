/**
 * Page cursors for keyset pagination, opaque to clients: the base64url of the JSON array of the
 * last row's sort key (e.g. [sku] for items, [priorityRank, sku, id] for recommendations).
 * Decoding checks the key's shape (and, when given, the query's own rule for its parts), so a
 * cursor from another query or an edited one is a BAD_USER_INPUT naming the argument, never a
 * malformed query. Text parts never hold U+0000, which PostgreSQL text cannot store.
 */
import { BadInputError } from './errors';

export type CursorPart = string | number;
export type CursorShape = readonly ('string' | 'number')[];

export function encodeCursor(key: readonly CursorPart[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

export interface DecodeCursorOptions {
  /** The argument named in the error (default 'after'). */
  field?: string;
  /** The query's own rule for the parts (ranges, id format); false: not a cursor of this query. */
  accept?: (key: CursorPart[]) => boolean;
}

/** The sort key of a cursor made by encodeCursor with parts of the given types, in order. */
export function decodeCursor(cursor: string, shape: CursorShape, options: DecodeCursorOptions = {}): CursorPart[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const fits =
    Array.isArray(key) &&
    key.length === shape.length &&
    key.every((part, i) => typeof part === shape[i] && (typeof part === 'number' ? Number.isFinite(part) : !part.includes('\u0000'))) &&
    (options.accept?.(key as CursorPart[]) ?? true);
  if (!fits) throw BadInputError.field(options.field ?? 'after', 'is not a cursor from this query');
  return key as CursorPart[];
}
