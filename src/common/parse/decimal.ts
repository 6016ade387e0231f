/**
 * Decimal text for PostgreSQL `numeric`: money and quantities stay decimal strings from input to
 * the database ('12.5', never 12.499999…); they are checked and normalised as text, and summed
 * as BigInt units of 10^-scale.
 */
import { fieldFailure, FieldResult, quotedValue } from './field-result';

/** Scale (decimal places) of stored quantities; money has 4. */
export const QUANTITY_SCALE = 3;
export const MONEY_SCALE = 4;

const DECIMAL_TEXT = /^([+-]?)(\d*)(?:\.(\d*))?$/;

export interface DecimalRule {
  /** Field name used in error messages. */
  field: string;
  /** Lowest allowed value (default: no bound). */
  min?: string | number;
  /** When true the value must be strictly greater than `min`. */
  minExclusive?: boolean;
  max?: string | number;
  /** Most digits after the decimal point (trailing zeros do not count). */
  maxScale: number;
  /** Most digits before the decimal point (default 12). */
  maxIntegerDigits?: number;
}

/**
 * A plain decimal number ('12', '-0.5', '+3.250', or a finite JS number) to its normalised text:
 * no '+', no leading zeros, no trailing fractional zeros, '-0' → '0'. Rejects exponents,
 * thousands separators, NaN and Infinity with a message that names the field.
 */
export function parseDecimal(value: unknown, rule: DecimalRule): FieldResult<string> {
  const { field } = rule;
  let text: string;
  if (typeof value === 'number') {
    if (!Number.isFinite(value)) return fieldFailure(field, `must be a finite number, got ${String(value)}`);
    // JS numbers print in exponent form below 1e-6 and from 1e21 on (where every double is an
    // integer, so BigInt prints it exactly); fixed form keeps them plain.
    text = Math.abs(value) >= 1e21 ? BigInt(value).toString() : String(value).includes('e') ? value.toFixed(20) : String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return fieldFailure(field, `must be a decimal number, got ${value === null ? 'null' : typeof value}`);
  }
  if (text === '') return fieldFailure(field, 'is required');
  const match = DECIMAL_TEXT.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    return fieldFailure(field, `must be a decimal number like 12.5, got ${quotedValue(value)}`);
  }
  const negative = match[1] === '-';
  const integerDigits = match[2]!.replace(/^0+/, '') || '0';
  const fractionDigits = (match[3] ?? '').replace(/0+$/, '');
  if (fractionDigits.length > rule.maxScale) {
    return fieldFailure(field, `must have at most ${rule.maxScale} decimal places, got ${quotedValue(value)}`);
  }
  const maxIntegerDigits = rule.maxIntegerDigits ?? 12;
  if (integerDigits.length > maxIntegerDigits) {
    return fieldFailure(field, `must have at most ${maxIntegerDigits} digits before the decimal point, got ${quotedValue(value)}`);
  }
  const isZero = integerDigits === '0' && fractionDigits === '';
  const normalised = `${negative && !isZero ? '-' : ''}${integerDigits}${fractionDigits ? `.${fractionDigits}` : ''}`;
  if (rule.min !== undefined) {
    const min = String(rule.min);
    const order = compareDecimals(normalised, min);
    if (rule.minExclusive ? order <= 0 : order < 0) {
      return fieldFailure(field, `must be ${rule.minExclusive ? 'greater than' : 'at least'} ${min}, got ${quotedValue(value)}`);
    }
  }
  if (rule.max !== undefined && compareDecimals(normalised, String(rule.max)) > 0) {
    return fieldFailure(field, `must be at most ${String(rule.max)}, got ${quotedValue(value)}`);
  }
  return { ok: true, value: normalised };
}

/** A decimal string as an integer count of 10^-scale units (e.g. '1.5', 3 → 1500n). */
export function decimalToScaledBigInt(text: string, scale: number): bigint {
  const match = DECIMAL_TEXT.exec(text.trim());
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) throw new RangeError(`not a decimal: ${text}`);
  const fraction = (match[3] ?? '').replace(/0+$/, '');
  if (fraction.length > scale) throw new RangeError(`${text} has more than ${scale} decimal places`);
  const magnitude = BigInt((match[2] || '0') + fraction.padEnd(scale, '0'));
  return match[1] === '-' ? -magnitude : magnitude;
}

/** Inverse of decimalToScaledBigInt, normalised (1500n, 3 → '1.5'). */
export function formatScaledBigInt(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const integerPart = digits.slice(0, digits.length - scale);
  const fractionPart = digits.slice(digits.length - scale).replace(/0+$/, '');
  return `${negative ? '-' : ''}${integerPart}${fractionPart ? `.${fractionPart}` : ''}`;
}

/** Exact order of two decimal strings: -1, 0 or 1. */
export function compareDecimals(a: string, b: string): -1 | 0 | 1 {
  const scale = Math.max(fractionLength(a), fractionLength(b));
  const x = decimalToScaledBigInt(a, scale);
  const y = decimalToScaledBigInt(b, scale);
  return x < y ? -1 : x > y ? 1 : 0;
}

function fractionLength(text: string): number {
  const dot = text.indexOf('.');
  return dot < 0 ? 0 : text.length - dot - 1;
}

/** A quantity: ≥ 0, at most 3 decimal places. */
export function parseQuantity(value: unknown, field: string): FieldResult<string> {
  return parseDecimal(value, { field, min: 0, maxScale: QUANTITY_SCALE });
}
