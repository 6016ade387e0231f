import { parseQuantity } from '../common/parse/decimal';
import { usageDayWindow } from '../common/parse/date';
import { Validated } from '../common/parse/field-result';
import {
  batchSizeProblem,
  duplicateKeyProblems,
  normaliseColumnName,
  parseUsageQuantity,
  sumIntoWeeks,
  UsageRow,
  validateHeader,
  validateItemInput,
  validateItemRow,
  validateUsageInput,
  validateUsageRow,
} from './import-rows';

function anItemRecord(overrides: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    sku: 'SKU-00001',
    name: 'Hex bolt M8x40',
    unit_cost: '0.1250',
    on_hand: '120',
    lead_time_days: '14',
    lead_time_std_days: '2.5',
    supplier: 'Nordic Fasteners AB',
    min_order_qty: '100',
    lot_size: '50',
    active: 'yes',
    ...overrides,
  };
}

function errorsOf<T>(result: Validated<T>): { field: string; message: string }[] {
  return result.ok ? [] : result.errors;
}

describe('validateItemRow', () => {
  it('normalises a complete row', () => {
    expect(validateItemRow(anItemRecord())).toEqual({
      ok: true,
      value: {
        sku: 'SKU-00001',
        name: 'Hex bolt M8x40',
        unitCost: '0.125',
        onHand: '120',
        leadTimeDays: 14,
        leadTimeStdDays: '2.5',
        supplierName: 'Nordic Fasteners AB',
        minOrderQty: '100',
        lotSize: '50',
        active: true,
        serviceLevelTarget: null,
        reviewPeriodDays: null,
      },
    });
  });

  it('fills the documented defaults for empty optional columns', () => {
    const result = validateItemRow({ sku: 'X1', name: 'Widget', unit_cost: '3', lead_time_days: '7' });
    expect(result).toEqual({
      ok: true,
      value: {
        sku: 'X1',
        name: 'Widget',
        unitCost: '3',
        onHand: '0',
        leadTimeDays: 7,
        leadTimeStdDays: '0',
        supplierName: null,
        minOrderQty: '0',
        lotSize: '1',
        active: true,
        serviceLevelTarget: null,
        reviewPeriodDays: null,
      },
    });
  });

  it('leaves lead time and its variability to the supplier when the lead time is empty', () => {
    const result = validateItemRow(anItemRecord({ lead_time_days: '', lead_time_std_days: '' }));
    expect(result.ok && [result.value.leadTimeDays, result.value.leadTimeStdDays]).toEqual([null, null]);
  });

  it('reports every bad field of a row, each by its column name', () => {
    const result = validateItemRow(
      anItemRecord({ sku: 'bad sku', unit_cost: '-1', on_hand: 'lots', lead_time_days: '400', lot_size: '0', active: 'perhaps' }),
    );
    expect(errorsOf(result).map((e) => e.field)).toEqual(['sku', 'unit_cost', 'on_hand', 'lead_time_days', 'lot_size', 'active']);
  });

  it('rejects quantities with more than 3 decimals and costs with more than 4', () => {
    expect(errorsOf(validateItemRow(anItemRecord({ on_hand: '1.0005' })))).toEqual([
      { field: 'on_hand', message: 'must have at most 3 decimal places, got "1.0005"' },
    ]);
    expect(errorsOf(validateItemRow(anItemRecord({ unit_cost: '0.00001' })))[0]?.field).toBe('unit_cost');
  });

  it('rejects a name that is empty or longer than 200 characters', () => {
    expect(errorsOf(validateItemRow(anItemRecord({ name: '  ' })))).toEqual([{ field: 'name', message: 'is required' }]);
    expect(errorsOf(validateItemRow(anItemRecord({ name: 'n'.repeat(201) })))[0]?.field).toBe('name');
  });
});

describe('column limits, unicode and the per-item policy fields', () => {
  it('refuses an on-hand of 1e11 and a unit cost of 1e10 (numeric(14,3) and numeric(14,4))', () => {
    expect(validateItemRow(anItemRecord({ on_hand: '99999999999.999', unit_cost: '9999999999.9999' })).ok).toBe(true);
    expect(errorsOf(validateItemRow(anItemRecord({ on_hand: '100000000000', unit_cost: '10000000000', min_order_qty: '999999999999', lot_size: '1e3' }))).map((e) => e.field)).toEqual([
      'unit_cost',
      'on_hand',
      'min_order_qty',
      'lot_size',
    ]);
  });

  it('keeps unicode names and refuses lone surrogates and null bytes', () => {
    expect(validateItemRow(anItemRecord({ name: 'Schraube Ø8 — 🚀' })).ok).toBe(true);
    expect(errorsOf(validateItemRow(anItemRecord({ name: 'bad \uD800 half' }))).map((e) => e.field)).toEqual(['name']);
    expect(errorsOf(validateItemRow(anItemRecord({ name: 'nul\u0000byte' }))).map((e) => e.field)).toEqual(['name']);
  });

  it('reads a per-item service level (0.5–0.99999) and review period (1–90 days)', () => {
    const ok = validateItemRow(anItemRecord({ service_level: '0.975', review_period_days: '7' }));
    expect(ok.ok && [ok.value.serviceLevelTarget, ok.value.reviewPeriodDays]).toEqual(['0.975', 7]);
    expect(errorsOf(validateItemRow(anItemRecord({ service_level: '1', review_period_days: '0' }))).map((e) => e.field)).toEqual(['service_level', 'review_period_days']);
    expect(errorsOf(validateItemInput({ sku: 'A-1', name: 'x', unitCost: '1', serviceLevelTarget: '0.999999' })).map((e) => e.field)).toEqual(['serviceLevelTarget']);
  });
});

describe('validateItemInput', () => {
  it('applies the same rules to GraphQL inputs and names camelCase fields', () => {
    const ok = validateItemInput({ sku: 'A-1', name: 'Gloves', unitCost: 4.5, onHand: 10, leadTimeDays: 5, active: false });
    expect(ok.ok && ok.value).toMatchObject({ unitCost: '4.5', onHand: '10', leadTimeDays: 5, leadTimeStdDays: '0', active: false });
    expect(errorsOf(validateItemInput({ sku: 'A-1', name: 'Gloves', unitCost: '1', onHand: -2 }))).toEqual([
      { field: 'onHand', message: 'must be at least 0, got "-2"' },
    ]);
  });
});

describe('validateUsageRow', () => {
  it('buckets a daily row into the Monday of its ISO week', () => {
    expect(validateUsageRow({ sku: 'A-1', date: '2023-01-01', quantity: '3.5' })).toEqual({
      ok: true,
      value: { sku: 'A-1', weekStart: '2022-12-26', quantity: '3.5', day: '2023-01-01' },
    });
  });

  it('refuses days before 1970 and more than a year after today, when given the window', () => {
    const window = usageDayWindow('2026-12-02');
    expect(window).toEqual({ earliest: '1970-01-01', latest: '2027-12-02' });
    expect(validateUsageRow({ sku: 'A-1', date: '2027-12-02', quantity: '1' }, window).ok).toBe(true);
    expect(errorsOf(validateUsageRow({ sku: 'A-1', date: '2027-12-03', quantity: '1' }, window))).toEqual([
      { field: 'date', message: 'must be at most a year ahead (on or before 2027-12-02), got 2027-12-03' },
    ]);
    expect(errorsOf(validateUsageRow({ sku: 'A-1', date: '1969-12-31', quantity: '1' }, window)).map((e) => e.field)).toEqual(['date']);
    // A day seen before (memoised week) is still checked against the window.
    expect(validateUsageRow({ sku: 'A-1', date: '2023-01-01', quantity: '1' }, { earliest: '2023-06-01', latest: '2024-01-01' }).ok).toBe(false);
    expect(errorsOf(validateUsageInput({ sku: 'A-1', weekStart: '0001-01-01', quantity: '1' }, window)).map((e) => e.field)).toEqual(['weekStart']);
    expect(errorsOf(validateUsageInput({ sku: 'A-1', weekStart: '9999-12-27', quantity: '1' }, window)).map((e) => e.field)).toEqual(['weekStart']);
  });

  it('refuses quantities a numeric(14,3) column cannot hold (1e11 and up)', () => {
    expect(validateUsageInput({ sku: 'A-1', weekStart: '2024-01-01', quantity: '99999999999.999' }).ok).toBe(true);
    expect(errorsOf(validateUsageInput({ sku: 'A-1', weekStart: '2024-01-01', quantity: '999999999999' })).map((e) => e.field)).toEqual(['quantity']);
    expect(errorsOf(validateUsageInput({ sku: 'A-1', weekStart: '2024-01-01', quantity: 1e11 })).map((e) => e.field)).toEqual(['quantity']);
  });

  it('accepts a weekly row on a Monday and rejects one on another day, naming week_start', () => {
    expect(validateUsageRow({ sku: 'A-1', week_start: '2024-01-01', quantity: '2' })).toEqual({
      ok: true,
      value: { sku: 'A-1', weekStart: '2024-01-01', quantity: '2' },
    });
    expect(errorsOf(validateUsageRow({ sku: 'A-1', week_start: '2024-01-02', quantity: '2' })).map((e) => e.field)).toEqual(['week_start']);
  });

  it.each([
    ['-1', 'must be at least 0, got "-1"'],
    ['abc', 'must be a decimal number like 12.5, got "abc"'],
    ['NaN', 'must be a decimal number like 12.5, got "NaN"'],
    ['Infinity', 'must be a decimal number like 12.5, got "Infinity"'],
    ['1.2345', 'must have at most 3 decimal places, got "1.2345"'],
    ['', 'is required'],
  ])('rejects quantity %p with a clear message', (quantity, message) => {
    expect(errorsOf(validateUsageRow({ sku: 'A-1', date: '2024-01-01', quantity }))).toEqual([{ field: 'quantity', message }]);
  });

  it('rejects dates that do not parse', () => {
    for (const date of ['2024-02-30', '2024-13-01', '01/02/2024', 'soon']) {
      expect(errorsOf(validateUsageRow({ sku: 'A-1', date, quantity: '1' }))).toEqual([
        { field: 'date', message: `must be a date YYYY-MM-DD, got "${date}"` },
      ]);
    }
  });

  it('validateUsageInput requires a Monday weekStart and names camelCase fields', () => {
    expect(validateUsageInput({ sku: 'A-1', weekStart: '2024-01-01', quantity: 4 }).ok).toBe(true);
    expect(errorsOf(validateUsageInput({ sku: 'A-1', weekStart: '2024-01-05', quantity: -4 })).map((e) => e.field)).toEqual([
      'weekStart',
      'quantity',
    ]);
  });
});

describe('parseUsageQuantity', () => {
  it('gives what parseQuantity gives, for normal forms taken directly and for everything else', () => {
    const values = ['0', '5', '0.5', '12.25', '99999999999.999', '1.001', '10', '100000000000', '5.0', '5.10', '05', '00', '+5', '-0', '-1', ' 5', '5 ', '.5', '5.', '1e3', '1,5', '0.0001', '', 'abc', '٣'];
    for (const value of values) expect([value, parseUsageQuantity(value, 'quantity')]).toEqual([value, parseQuantity(value, 'quantity')]);
    expect(parseUsageQuantity(7, 'quantity')).toEqual(parseQuantity(7, 'quantity'));
  });

  it('refuses what a numeric(14,3) day cannot hold, naming the field', () => {
    expect(parseUsageQuantity('100000000000', 'quantity')).toMatchObject({ ok: false, error: { field: 'quantity' } });
    expect(parseUsageQuantity('1.0001', 'quantity')).toMatchObject({ ok: false, error: { field: 'quantity' } });
    expect(parseUsageQuantity('-1', 'quantity')).toMatchObject({ ok: false, error: { field: 'quantity' } });
  });
});

describe('sumIntoWeeks', () => {
  it('sums daily rows per sku and week, keeping first-appearance order', () => {
    const rows: UsageRow[] = [
      { sku: 'B', weekStart: '2024-01-01', quantity: '1.5' },
      { sku: 'A', weekStart: '2024-01-01', quantity: '2' },
      { sku: 'B', weekStart: '2024-01-01', quantity: '0.25' },
      { sku: 'B', weekStart: '2024-01-08', quantity: '3' },
    ];
    expect(sumIntoWeeks(rows)).toEqual([
      { sku: 'B', weekStart: '2024-01-01', quantity: '1.75' },
      { sku: 'A', weekStart: '2024-01-01', quantity: '2' },
      { sku: 'B', weekStart: '2024-01-08', quantity: '3' },
    ]);
  });

  it('adds exactly, without floating-point drift', () => {
    const rows = Array.from({ length: 10_000 }, () => ({ sku: 'A', weekStart: '2024-01-01', quantity: '0.1' }));
    let floatSum = 0;
    for (let i = 0; i < rows.length; i++) floatSum += 0.1;
    expect(floatSum).not.toBe(1000); // the drift the BigInt sum avoids
    expect(sumIntoWeeks(rows)).toEqual([{ sku: 'A', weekStart: '2024-01-01', quantity: '1000' }]);
  });
});

describe('validateHeader', () => {
  it('accepts the documented headers, in any order and case, with a BOM', () => {
    expect(validateHeader('items', ['\uFEFFsku', 'name', 'unit_cost', 'on_hand', 'lead_time_days', 'lead_time_std_days', 'supplier', 'min_order_qty', 'lot_size', 'active']).ok).toBe(true);
    expect(validateHeader('usage', ['SKU', ' date ', 'quantity'])).toEqual({
      ok: true,
      value: { columns: ['sku', 'date', 'quantity'], granularity: 'daily' },
    });
    expect(validateHeader('usage', ['sku', 'week_start', 'quantity'])).toEqual({
      ok: true,
      value: { columns: ['sku', 'week_start', 'quantity'], granularity: 'weekly' },
    });
  });

  it('names missing, unknown and duplicate columns', () => {
    const result = validateHeader('items', ['sku', 'nmae', 'sku']);
    expect(errorsOf(result)).toEqual([
      { field: 'nmae', message: expect.stringContaining('unknown column') },
      { field: 'sku', message: 'duplicate column' },
      { field: 'name', message: 'missing column' },
      { field: 'unit_cost', message: 'missing column' },
    ]);
  });

  it('requires exactly one of date and week_start in usage files', () => {
    expect(errorsOf(validateHeader('usage', ['sku', 'quantity'])).map((e) => e.field)).toEqual(['date']);
    expect(errorsOf(validateHeader('usage', ['sku', 'date', 'week_start', 'quantity'])).map((e) => e.field)).toEqual(['week_start']);
  });

  it('normaliseColumnName trims, lower-cases and drops a byte-order mark', () => {
    expect(normaliseColumnName('\uFEFF Unit_Cost ')).toBe('unit_cost');
  });
});

describe('batch checks', () => {
  it('flags oversized batches', () => {
    expect(batchSizeProblem(10_000)).toBeNull();
    expect(batchSizeProblem(10_001)).toEqual({ field: 'rows', message: 'at most 10000 rows per call, got 10001' });
  });

  it('names each duplicate row and where the key first appeared', () => {
    expect(duplicateKeyProblems(['A', 'B', 'A', 'A'], 'sku', (k) => `sku ${k}`)).toEqual([
      { row: 3, field: 'sku', message: 'duplicate sku A (first in row 1)' },
      { row: 4, field: 'sku', message: 'duplicate sku A (first in row 1)' },
    ]);
  });
});
