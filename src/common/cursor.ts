/**
 * Page cursors for keyset pagination, opaque to clients: the base64url of the JSON array of the
 * last row's sort key (e.g. [sku] for items, [priorityRank, sku, id] for recommendations).
 * Decoding checks the key's shape, so a cursor from another query or an edited one is a
 * BAD_USER_INPUT naming the argument, never a malformed query.
 */
import { BadInputError } from './errors';

export type CursorPart = string | number;
export type CursorShape = readonly ('string' | 'number')[];

export function encodeCursor(key: readonly CursorPart[]): string {
  return Buffer.from(JSON.stringify(key), 'utf8').toString('base64url');
}

/** The sort key of a cursor made by encodeCursor with parts of the given types, in order. */
export function decodeCursor(cursor: string, shape: CursorShape, field = 'after'): CursorPart[] {
  let key: unknown;
  try {
    key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
  } catch {
    key = undefined;
  }
  const fits =
    Array.isArray(key) &&
    key.length === shape.length &&
    key.every((part, i) => typeof part === shape[i] && (typeof part !== 'number' || Number.isFinite(part)));
  if (!fits) throw BadInputError.field(field, 'is not a cursor from this query');
  return key as CursorPart[];
}
