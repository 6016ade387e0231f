import { fieldFailure, FieldResult, quotedValue } from './field-result';

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

/** Trimmed text of minLength–maxLength characters, without control characters. */
export function parseText(value: unknown, rule: { field: string; minLength?: number; maxLength: number }): FieldResult<string> {
  const { field } = rule;
  if (typeof value !== 'string') return fieldFailure(field, value === undefined || value === null ? 'is required' : 'must be text');
  const text = value.trim();
  const minLength = rule.minLength ?? 1;
  if (text.length < minLength) return fieldFailure(field, minLength === 1 ? 'is required' : `must be at least ${minLength} characters`);
  if (text.length > rule.maxLength) return fieldFailure(field, `must be at most ${rule.maxLength} characters, got ${text.length}`);
  if (CONTROL_CHARACTERS.test(text)) return fieldFailure(field, 'must not contain control characters (tabs, line breaks)');
  return { ok: true, value: text };
}

const SKU_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** A SKU: 1–64 characters of letters, digits, '.', '_' and '-' (surrounding spaces trimmed). */
export function parseSku(value: unknown, field = 'sku'): FieldResult<string> {
  if (typeof value !== 'string' || value.trim() === '') return fieldFailure(field, 'is required');
  const sku = value.trim();
  if (!SKU_PATTERN.test(sku)) {
    return fieldFailure(field, `must be 1–64 characters of letters, digits, '.', '_' or '-', got ${quotedValue(value)}`);
  }
  return { ok: true, value: sku };
}

/** An e-mail address, loosely (something@domain.tld, ≤ 254 characters). */
export function parseEmail(value: unknown, field: string): FieldResult<string> {
  const text = parseText(value, { field, maxLength: 254 });
  if (!text.ok) return text;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.value)) return fieldFailure(field, `must be an e-mail address, got ${quotedValue(value)}`);
  return text;
}
