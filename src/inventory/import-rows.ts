/**
 * Validation of imported rows (CSV records and GraphQL inputs), pure: one record in, either a
 * normalised value or every problem with the field it is in. The caller adds the line/row number
 * and decides what to do with rejected rows.
 *
 * Money and quantities stay decimal strings from input to PostgreSQL `numeric` ('12.5', never
 * 12.499999…): they are checked and normalised as text, and summed as BigInt thousandths.
 * The field validators are exported because the GraphQL mutations apply the same rules.
 */
import type { FieldProblem } from '../common/errors';
import { formatIsoDate, isIsoWeekStart, isoWeekStart, parseIsoDate } from './iso-week';

export interface FieldError {
  field: string;
  message: string;
}

/** Result of validating a whole record: all problems, not just the first. */
export type Validated<T> = { ok: true; value: T } | { ok: false; errors: FieldError[] };

/** Result of validating one field. */
export type FieldResult<T> = { ok: true; value: T } | { ok: false; error: FieldError };

/** Largest batch one mutation or import statement accepts. */
export const MAX_ROWS_PER_BATCH = 10_000;

/** Scale (decimal places) of stored quantities; money has 4. */
export const QUANTITY_SCALE = 3;
export const MONEY_SCALE = 4;

/**
 * Digits before the decimal point the columns hold: quantities are numeric(14,3) (|x| < 1e11),
 * money numeric(14,4) (< 1e10). The validators refuse more, so a value that passes always fits
 * and never becomes a database error.
 */
export const QUANTITY_INTEGER_DIGITS = 11;
export const MONEY_INTEGER_DIGITS = 10;

/** Usage dates: none before 1970, none more than a year after today. */
export const EARLIEST_USAGE_DAY = '1970-01-01';
export const USAGE_DAYS_AHEAD = 365;

/** The days a usage date may fall on, as 'YYYY-MM-DD' (strings of this form order like dates). */
export interface DayWindow {
  earliest: string;
  latest: string;
}

/** The window of usage dates on the UTC day `today` ('YYYY-MM-DD'). */
export function usageDayWindow(today: string): DayWindow {
  const date = parseIsoDate(today);
  if (!date) throw new RangeError(`not a date: ${today}`);
  return { earliest: EARLIEST_USAGE_DAY, latest: formatIsoDate(new Date(date.getTime() + USAGE_DAYS_AHEAD * 86_400_000)) };
}

function outsideWindow(day: string, window: DayWindow | undefined, field: string): FieldResult<never> | null {
  if (!window) return null;
  if (day < window.earliest) return fail(field, `must be on or after ${window.earliest}, got ${day}`);
  if (day > window.latest) return fail(field, `must be at most a year ahead (on or before ${window.latest}), got ${day}`);
  return null;
}

// ---------------------------------------------------------------------------------------------
// Field validators

function fail<T>(field: string, message: string): FieldResult<T> {
  return { ok: false, error: { field, message } };
}

/** How a rejected value is echoed back in a message: quoted, shortened. */
function shown(value: unknown): string {
  const text = typeof value === 'string' ? value : String(value);
  return JSON.stringify(text.length > 40 ? `${text.slice(0, 37)}...` : text);
}

/** Missing, null or only whitespace: the field was left empty. */
export function isBlank(value: unknown): boolean {
  return value === undefined || value === null || (typeof value === 'string' && value.trim() === '');
}

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
    if (!Number.isFinite(value)) return fail(field, `must be a finite number, got ${String(value)}`);
    // JS numbers print in exponent form below 1e-6 and from 1e21 on (where every double is an
    // integer, so BigInt prints it exactly); fixed form keeps them plain.
    text = Math.abs(value) >= 1e21 ? BigInt(value).toString() : String(value).includes('e') ? value.toFixed(20) : String(value);
  } else if (typeof value === 'string') {
    text = value.trim();
  } else {
    return fail(field, `must be a decimal number, got ${value === null ? 'null' : typeof value}`);
  }
  if (text === '') return fail(field, 'is required');
  const match = DECIMAL_TEXT.exec(text);
  if (!match || (match[2] === '' && (match[3] ?? '') === '')) {
    return fail(field, `must be a decimal number like 12.5, got ${shown(value)}`);
  }
  const negative = match[1] === '-';
  const integerDigits = match[2]!.replace(/^0+/, '') || '0';
  const fractionDigits = (match[3] ?? '').replace(/0+$/, '');
  if (fractionDigits.length > rule.maxScale) {
    return fail(field, `must have at most ${rule.maxScale} decimal places, got ${shown(value)}`);
  }
  const maxIntegerDigits = rule.maxIntegerDigits ?? 12;
  if (integerDigits.length > maxIntegerDigits) {
    return fail(field, `must have at most ${maxIntegerDigits} digits before the decimal point, got ${shown(value)}`);
  }
  const isZero = integerDigits === '0' && fractionDigits === '';
  const normalised = `${negative && !isZero ? '-' : ''}${integerDigits}${fractionDigits ? `.${fractionDigits}` : ''}`;
  if (rule.min !== undefined) {
    const min = String(rule.min);
    const order = compareDecimals(normalised, min);
    if (rule.minExclusive ? order <= 0 : order < 0) {
      return fail(field, `must be ${rule.minExclusive ? 'greater than' : 'at least'} ${min}, got ${shown(value)}`);
    }
  }
  if (rule.max !== undefined && compareDecimals(normalised, String(rule.max)) > 0) {
    return fail(field, `must be at most ${String(rule.max)}, got ${shown(value)}`);
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
    if (!Number.isFinite(value)) return fail(field, `must be a finite number, got ${String(value)}`);
    if (!Number.isInteger(value)) return fail(field, `must be a whole number, got ${shown(value)}`);
    n = value;
  } else if (typeof value === 'string') {
    const text = value.trim();
    if (text === '') return fail(field, 'is required');
    if (!/^[+-]?\d{1,15}$/.test(text)) return fail(field, `must be a whole number, got ${shown(value)}`);
    n = Number(text);
  } else {
    return fail(field, `must be a whole number, got ${value === null ? 'null' : typeof value}`);
  }
  if (n < rule.min || n > rule.max) return fail(field, `must be between ${rule.min} and ${rule.max}, got ${n}`);
  return { ok: true, value: n === 0 ? 0 : n }; // no -0
}

const TRUE_WORDS = new Set(['true', '1', 'yes']);
const FALSE_WORDS = new Set(['false', '0', 'no']);

/** true/false/1/0/yes/no (any case) or a JS boolean. */
export function parseBoolean(value: unknown, field: string): FieldResult<boolean> {
  if (typeof value === 'boolean') return { ok: true, value };
  const text = typeof value === 'string' ? value.trim().toLowerCase() : typeof value === 'number' ? String(value) : '';
  if (TRUE_WORDS.has(text)) return { ok: true, value: true };
  if (FALSE_WORDS.has(text)) return { ok: true, value: false };
  return fail(field, `must be one of true, false, 1, 0, yes, no, got ${shown(value)}`);
}

const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;
/** A UTF-16 surrogate without its other half: not a character, PostgreSQL would get U+FFFD. */
const LONE_SURROGATE = /[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/;

/** Whether a string is well-formed UTF-16 (no lone surrogates). */
export function isWellFormedText(text: string): boolean {
  return !LONE_SURROGATE.test(text);
}

/** Trimmed text of minLength–maxLength characters, without control characters or lone surrogates. */
export function parseText(value: unknown, rule: { field: string; minLength?: number; maxLength: number }): FieldResult<string> {
  const { field } = rule;
  if (typeof value !== 'string') return fail(field, value === undefined || value === null ? 'is required' : 'must be text');
  const text = value.trim();
  const minLength = rule.minLength ?? 1;
  if (text.length < minLength) return fail(field, minLength === 1 ? 'is required' : `must be at least ${minLength} characters`);
  if (text.length > rule.maxLength) return fail(field, `must be at most ${rule.maxLength} characters, got ${text.length}`);
  if (CONTROL_CHARACTERS.test(text)) return fail(field, 'must not contain control characters (tabs, line breaks, null bytes)');
  if (!isWellFormedText(text)) return fail(field, 'must be valid Unicode (it has a lone surrogate)');
  return { ok: true, value: text };
}

const SKU_PATTERN = /^[A-Za-z0-9._-]{1,64}$/;

/** A SKU: 1–64 characters of letters, digits, '.', '_' and '-' (surrounding spaces trimmed). */
export function parseSku(value: unknown, field = 'sku'): FieldResult<string> {
  if (typeof value !== 'string' || value.trim() === '') return fail(field, 'is required');
  const sku = value.trim();
  if (!SKU_PATTERN.test(sku)) {
    return fail(field, `must be 1–64 characters of letters, digits, '.', '_' or '-', got ${shown(value)}`);
  }
  return { ok: true, value: sku };
}

/** An e-mail address, loosely (something@domain.tld, ≤ 254 characters). */
export function parseEmail(value: unknown, field: string): FieldResult<string> {
  const text = parseText(value, { field, maxLength: 254 });
  if (!text.ok) return text;
  if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(text.value)) return fail(field, `must be an e-mail address, got ${shown(value)}`);
  return text;
}

/** A calendar day 'YYYY-MM-DD' (strict: 2024-02-30 is rejected), inside `window` when given. */
export function parseDay(value: unknown, field: string, window?: DayWindow): FieldResult<string> {
  if (typeof value !== 'string' || value.trim() === '') return fail(field, 'is required');
  const text = value.trim();
  if (!/^\d{4}-\d{2}-\d{2}$/.test(text) || !parseIsoDate(text)) return fail(field, `must be a date YYYY-MM-DD, got ${shown(value)}`);
  return outsideWindow(text, window, field) ?? { ok: true, value: text };
}

const WEEKDAYS = ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'];

/** The Monday starting an ISO week, 'YYYY-MM-DD'. */
export function parseWeekStart(value: unknown, field: string, window?: DayWindow): FieldResult<string> {
  const day = parseDay(value, field, window);
  if (!day.ok) return day;
  if (!isIsoWeekStart(day.value)) {
    const monday = isoWeekStart(day.value);
    const weekday = WEEKDAYS[(parseIsoDate(day.value)!.getUTCDay() + 6) % 7];
    return fail(field, `must be a Monday (ISO week start); ${day.value} is a ${weekday}, its week starts ${monday}`);
  }
  return day;
}

/** A quantity: ≥ 0, at most 3 decimal places, below 1e11 (numeric(14,3)). */
export function parseQuantity(value: unknown, field: string): FieldResult<string> {
  return parseDecimal(value, { field, min: 0, maxScale: QUANTITY_SCALE, maxIntegerDigits: QUANTITY_INTEGER_DIGITS });
}

// ---------------------------------------------------------------------------------------------
// Items

/** One validated item, ready for an upsert. Decimals are normalised strings for `numeric`. */
export interface ItemRow {
  sku: string;
  name: string;
  unitCost: string;
  onHand: string;
  /** null: use the supplier's default lead time. */
  leadTimeDays: number | null;
  /** null only when leadTimeDays is null (then the supplier's variability applies). */
  leadTimeStdDays: string | null;
  /** Supplier name; null when the item has none. */
  supplierName: string | null;
  minOrderQty: string;
  lotSize: string;
  active: boolean;
  /** Cycle service level (0–1, exclusive) overriding the ABC class target; null: the class target. */
  serviceLevelTarget: string | null;
  /** Days between order opportunities for this item; null: the supplier's. */
  reviewPeriodDays: number | null;
}

type ItemKey = keyof ItemRow;

/** CSV column of each item field. */
export const ITEM_CSV_COLUMNS: Readonly<Record<ItemKey, string>> = {
  sku: 'sku',
  name: 'name',
  unitCost: 'unit_cost',
  onHand: 'on_hand',
  leadTimeDays: 'lead_time_days',
  leadTimeStdDays: 'lead_time_std_days',
  supplierName: 'supplier',
  minOrderQty: 'min_order_qty',
  lotSize: 'lot_size',
  active: 'active',
  serviceLevelTarget: 'service_level',
  reviewPeriodDays: 'review_period_days',
};

const ITEM_REQUIRED_COLUMNS = ['sku', 'name', 'unit_cost'];

function validateItem(raw: (key: ItemKey) => unknown, fieldName: (key: ItemKey) => string): Validated<ItemRow> {
  const errors: FieldError[] = [];
  function take<T>(result: FieldResult<T>, fallback: T): T {
    if (result.ok) return result.value;
    errors.push(result.error);
    return fallback;
  }
  function optional<T>(key: ItemKey, blankValue: T, parse: (value: unknown, field: string) => FieldResult<T>): T {
    const value = raw(key);
    return isBlank(value) ? blankValue : take(parse(value, fieldName(key)), blankValue);
  }
  const quantity = (field: string, value: unknown) => parseQuantity(value, field);

  const sku = take(parseSku(raw('sku'), fieldName('sku')), '');
  const name = take(parseText(raw('name'), { field: fieldName('name'), maxLength: 200 }), '');
  const unitCost = take(parseDecimal(raw('unitCost'), { field: fieldName('unitCost'), min: 0, maxScale: MONEY_SCALE, maxIntegerDigits: MONEY_INTEGER_DIGITS }), '0');
  const onHand = optional('onHand', '0', (v, field) => quantity(field, v));
  const leadTimeDays = optional<number | null>('leadTimeDays', null, (v, field) => parseInteger(v, { field, min: 0, max: 365 }));
  // A lead time given without its variability is taken as exact; none at all defers to the supplier.
  const leadTimeStdDays = optional<string | null>('leadTimeStdDays', isBlank(raw('leadTimeDays')) ? null : '0', (v, field) =>
    parseDecimal(v, { field, min: 0, max: 365, maxScale: QUANTITY_SCALE }),
  );
  const supplierName = optional<string | null>('supplierName', null, (v, field) => parseText(v, { field, maxLength: 200 }));
  const minOrderQty = optional('minOrderQty', '0', (v, field) => quantity(field, v));
  const lotSize = optional('lotSize', '1', (v, field) =>
    parseDecimal(v, { field, min: 0, minExclusive: true, maxScale: QUANTITY_SCALE, maxIntegerDigits: QUANTITY_INTEGER_DIGITS }),
  );
  const active = optional('active', true, (v, field) => parseBoolean(v, field));
  // numeric(6,5) with 0 < x < 1 (the column's check): 0.5 to 0.99999.
  const serviceLevelTarget = optional<string | null>('serviceLevelTarget', null, (v, field) =>
    parseDecimal(v, { field, min: '0.5', max: '0.99999', maxScale: 5, maxIntegerDigits: 1 }),
  );
  const reviewPeriodDays = optional<number | null>('reviewPeriodDays', null, (v, field) => parseInteger(v, { field, min: 1, max: 90 }));

  if (errors.length > 0) return { ok: false, errors };
  return {
    ok: true,
    value: { sku, name, unitCost, onHand, leadTimeDays, leadTimeStdDays, supplierName, minOrderQty, lotSize, active, serviceLevelTarget, reviewPeriodDays },
  };
}

/** One CSV record of the items file (keys are the normalised header columns). */
export function validateItemRow(record: Readonly<Record<string, string | undefined>>): Validated<ItemRow> {
  return validateItem(
    (key) => record[ITEM_CSV_COLUMNS[key]],
    (key) => ITEM_CSV_COLUMNS[key],
  );
}

/** GraphQL-style item input: camelCase keys, numbers or strings for decimals, null for blanks. */
export type ItemInput = { [K in ItemKey]?: string | number | boolean | null };

/** The same rules as validateItemRow; errors name the camelCase input fields. */
export function validateItemInput(input: Readonly<ItemInput>): Validated<ItemRow> {
  return validateItem(
    (key) => input[key],
    (key) => key,
  );
}

// ---------------------------------------------------------------------------------------------
// Usage

/** One week of usage of one SKU (weekStart is the Monday). */
export interface UsageRow {
  sku: string;
  weekStart: string;
  quantity: string;
  /** Daily rows: the day ('YYYY-MM-DD'); absent for weekly rows. */
  day?: string;
}

/**
 * One CSV record of a usage file: `sku,date,quantity` (daily; the day is bucketed into its ISO
 * week) or `sku,week_start,quantity` (weekly; week_start must be a Monday).
 */
export function validateUsageRow(record: Readonly<Record<string, string | undefined>>, window?: DayWindow): Validated<UsageRow> {
  const weekly = record['week_start'] !== undefined;
  return validateUsage(
    record['sku'],
    weekly ? record['week_start'] : record['date'],
    record['quantity'],
    { sku: 'sku', date: weekly ? 'week_start' : 'date', quantity: 'quantity' },
    weekly,
    window,
  );
}

/** GraphQL-style usage input: weekStart must be a Monday. */
export function validateUsageInput(input: Readonly<{ sku?: unknown; weekStart?: unknown; quantity?: unknown }>, window?: DayWindow): Validated<UsageRow> {
  return validateUsage(input.sku, input.weekStart, input.quantity, { sku: 'sku', date: 'weekStart', quantity: 'quantity' }, true, window);
}

// A usage file repeats the same few hundred days a million times: remember each day's week.
const weekOfDay = new Map<string, string>();
const WEEK_OF_DAY_LIMIT = 10_000;

/** A day 'YYYY-MM-DD' to the Monday of its ISO week (memoised; errors are not cached). */
function dailyWeekStart(value: unknown, field: string, window?: DayWindow): FieldResult<string> {
  if (typeof value === 'string') {
    const cached = weekOfDay.get(value);
    if (cached !== undefined) return outsideWindow(value.trim(), window, field) ?? { ok: true, value: cached };
  }
  const day = parseDay(value, field, window);
  if (!day.ok) return day;
  const weekStart = isoWeekStart(day.value);
  if (weekOfDay.size >= WEEK_OF_DAY_LIMIT) weekOfDay.clear();
  weekOfDay.set(value as string, weekStart);
  return { ok: true, value: weekStart };
}

function validateUsage(
  skuValue: unknown,
  dateValue: unknown,
  quantityValue: unknown,
  fields: { sku: string; date: string; quantity: string },
  weekly: boolean,
  window: DayWindow | undefined,
): Validated<UsageRow> {
  const sku = parseSku(skuValue, fields.sku);
  const day = weekly ? parseWeekStart(dateValue, fields.date, window) : dailyWeekStart(dateValue, fields.date, window);
  const quantity = parseQuantity(quantityValue, fields.quantity);
  if (sku.ok && day.ok && quantity.ok) {
    const row: UsageRow = { sku: sku.value, weekStart: day.value, quantity: quantity.value };
    if (!weekly) row.day = (dateValue as string).trim();
    return { ok: true, value: row };
  }
  const errors: FieldError[] = [];
  for (const result of [sku, day, quantity]) if (!result.ok) errors.push(result.error);
  return { ok: false, errors };
}

/**
 * Running per-(sku, week) totals, exact: quantities are added as BigInt thousandths, so a
 * million daily rows of 0.1 sum to exactly 100000, not 100000.00000133288.
 */
export class WeeklyUsageTotals {
  private readonly totals = new Map<string, { sku: string; weekStart: string; thousandths: bigint }>();

  add(row: UsageRow): void {
    const key = `${row.sku}\u0000${row.weekStart}`;
    const thousandths = decimalToScaledBigInt(row.quantity, QUANTITY_SCALE);
    const total = this.totals.get(key);
    if (total) total.thousandths += thousandths;
    else this.totals.set(key, { sku: row.sku, weekStart: row.weekStart, thousandths });
  }

  get size(): number {
    return this.totals.size;
  }

  /** The totals in order of first appearance. */
  *rows(): IterableIterator<UsageRow> {
    for (const t of this.totals.values()) {
      yield { sku: t.sku, weekStart: t.weekStart, quantity: formatScaledBigInt(t.thousandths, QUANTITY_SCALE) };
    }
  }

  clear(): void {
    this.totals.clear();
  }
}

/** Sums rows into one row per (sku, weekStart), exactly, in order of first appearance. */
export function sumIntoWeeks(rows: Iterable<UsageRow>): UsageRow[] {
  const totals = new WeeklyUsageTotals();
  for (const row of rows) totals.add(row);
  return [...totals.rows()];
}

// ---------------------------------------------------------------------------------------------
// Headers and batches

export type ImportKind = 'items' | 'usage';

export interface HeaderInfo {
  /** The normalised column names, in file order. */
  columns: string[];
  /** Usage files only: daily (`date`) or weekly (`week_start`) rows. */
  granularity?: 'daily' | 'weekly';
}

/**
 * Header cell to column name: trimmed, lower-case, without a UTF-8 byte-order mark. Use it for
 * csv-parse's `columns` option so records are keyed the way the row validators expect.
 */
export function normaliseColumnName(header: string): string {
  return header.replace(/^\uFEFF/, '').trim().toLowerCase();
}

const ITEM_COLUMNS = Object.values(ITEM_CSV_COLUMNS);
const USAGE_COLUMNS = ['sku', 'date', 'week_start', 'quantity'];

/** Names every missing, unknown or repeated column of an import file's header. */
export function validateHeader(kind: ImportKind, columns: readonly string[]): Validated<HeaderInfo> {
  const normalised = columns.map(normaliseColumnName);
  const known = kind === 'items' ? ITEM_COLUMNS : USAGE_COLUMNS;
  const required = kind === 'items' ? ITEM_REQUIRED_COLUMNS : ['sku', 'quantity'];
  const errors: FieldError[] = [];
  const seen = new Set<string>();
  for (const column of normalised) {
    if (seen.has(column)) errors.push({ field: column, message: 'duplicate column' });
    seen.add(column);
    if (!known.includes(column)) {
      errors.push({ field: column || '(empty)', message: `unknown column; ${kind} files have: ${known.join(', ')}` });
    }
  }
  for (const column of required) if (!seen.has(column)) errors.push({ field: column, message: 'missing column' });
  let granularity: HeaderInfo['granularity'];
  if (kind === 'usage') {
    const daily = seen.has('date');
    const weekly = seen.has('week_start');
    if (daily && weekly) {
      errors.push({ field: 'week_start', message: 'use either date (daily rows) or week_start (weekly rows), not both' });
    } else if (!daily && !weekly) {
      errors.push({ field: 'date', message: 'missing column: date (daily rows) or week_start (weekly rows)' });
    }
    granularity = weekly ? 'weekly' : 'daily';
  }
  if (errors.length > 0) return { ok: false, errors };
  return { ok: true, value: granularity ? { columns: normalised, granularity } : { columns: normalised } };
}

/** A problem when a batch holds more than `maxRows` rows (field 'rows'), else null. */
export function batchSizeProblem(rowCount: number, maxRows = MAX_ROWS_PER_BATCH): FieldProblem | null {
  return rowCount > maxRows ? { field: 'rows', message: `at most ${maxRows} rows per call, got ${rowCount}` } : null;
}

/**
 * One problem per row whose key already appeared earlier in the batch (rows are 1-based),
 * e.g. duplicate SKUs in upsertItems or duplicate (sku, weekStart) in recordUsage.
 */
export function duplicateKeyProblems(keys: readonly string[], field: string, describeKey: (key: string) => string = (k) => k): FieldProblem[] {
  const firstRow = new Map<string, number>();
  const problems: FieldProblem[] = [];
  keys.forEach((key, index) => {
    const first = firstRow.get(key);
    if (first === undefined) firstRow.set(key, index + 1);
    else problems.push({ row: index + 1, field, message: `duplicate ${describeKey(key)} (first in row ${first})` });
  });
  return problems;
}
