import { fieldFailure, FieldResult, quotedValue } from './field-result';

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

/** true/false/1/0/yes/no (any case) or a JS boolean. */
export function parseBoolean(value: unknown, field: string): FieldResult<boolean> {
  if (typeof value === 'boolean') return { ok: true, value };
  const text = typeof value === 'string' ? value.trim().toLowerCase() : typeof value === 'number' ? String(value) : '';
  if (TRUE_WORDS.has(text)) return { ok: true, value: true };
  if (FALSE_WORDS.has(text)) return { ok: true, value: false };
  return fieldFailure(field, `must be one of true, false, 1, 0, yes, no, got ${quotedValue(value)}`);
}
