import { fieldFailure, FieldResult, quotedValue } from './field-result';

export interface IntegerRule {
  field: string;
  min: number;
  max: number;
}

/** A whole number (string of digits or a JS integer) within [min, max]. */
export function parseInteger(value: unknown, rule: IntegerRule): FieldResult<number> {
  const { field } = rule;
  let n: number;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return fieldFailure(field, `must be a finite number, got ${String(value)}`);
    if (!Number.isInteger(value)) return fieldFailure(field, `must be a whole number, got ${quotedValue(value)}`);
    n = value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return fieldFailure(field, 'is required');
    if (!/^[+-]?\d{1,15}$/.test(text)) return fieldFailure(field, `must be a whole number, got ${quotedValue(value)}`);
    n = Number(text);
  } else {
    return fieldFailure(field, `must be a whole number, got ${value === null ? 'null' : typeof value}`);
  }
  if (n < rule.min || n > rule.max) return fieldFailure(field, `must be between ${rule.min} and ${rule.max}, got ${n}`);
  return { ok: true, value: n === 0 ? 0 : n }; // no -0
}
