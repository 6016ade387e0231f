/**
 * Validation of imported rows (CSV records and GraphQL inputs), pure: one record in, either a
 * normalised value or every problem with the field it is in. The caller adds the line/row number
 * and decides what to do with rejected rows.
 *
 * The field parsers (decimal, integer, boolean, text, date) live in src/common/parse/, where the
 * GraphQL mutations take them from too; this file applies them to whole item and usage records.
 * Quantities are summed as BigInt thousandths.
 */
import type { FieldProblem } from '../common/errors';
import { parseBoolean } from '../common/parse/boolean';
import { DayWindow, outsideWindow, parseDay, parseWeekStart } from '../common/parse/date';
import { decimalToScaledBigInt, formatScaledBigInt, MONEY_INTEGER_DIGITS, MONEY_SCALE, parseDecimal, parseQuantity, QUANTITY_INTEGER_DIGITS, QUANTITY_SCALE } from '../common/parse/decimal';
import { FieldError, FieldResult, isBlank, Validated } from '../common/parse/field-result';
import { parseInteger } from '../common/parse/integer';
import { parseSku, parseText } from '../common/parse/text';
import { isoWeekStart } from '../common/iso-week';

/** Largest batch one mutation or import statement accepts. */
export const MAX_ROWS_PER_BATCH = 10_000;

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

/** The same rules as validateItemRow; errors name the camelCase input fields (GraphQL's `supplier` for supplierName). */
export function validateItemInput(input: Readonly<ItemInput>): Validated<ItemRow> {
  return validateItem(
    (key) => input[key],
    (key) => (key === 'supplierName' ? 'supplier' : key),
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

/**
 * A quantity already in parseQuantity's normal form — no sign, no leading zeros, at most 11
 * digits before the point, 1–3 after it without trailing zeros — is its own parsed value; the
 * usual case of an import file, taken without parseQuantity's BigInt comparison with 0 (a third
 * of the CPU of validating a usage line). Anything else goes through parseQuantity.
 */
const NORMAL_QUANTITY = /^(?:0|[1-9]\d{0,10})(?:\.\d{0,2}[1-9])?$/;

export function parseUsageQuantity(value: unknown, field: string): FieldResult<string> {
  if (typeof value === 'string' && NORMAL_QUANTITY.test(value)) return { ok: true, value };
  return parseQuantity(value, field);
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
  const quantity = parseUsageQuantity(quantityValue, fields.quantity);
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
