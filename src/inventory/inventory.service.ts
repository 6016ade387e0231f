import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { CLOCK, Clock, utcToday } from '../clock/clock';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { BadInputError, FieldProblem, NotFoundError } from '../common/errors';
import { textArg, uuidArg } from '../common/input-checks';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { DayWindow, usageDayWindow } from '../common/parse/date';
import { parseDecimal, parseQuantity, QUANTITY_INTEGER_DIGITS, QUANTITY_SCALE } from '../common/parse/decimal';
import { FieldResult, isBlank, Validated } from '../common/parse/field-result';
import { parseInteger } from '../common/parse/integer';
import { parseEmail, parseSku, parseText } from '../common/parse/text';
import { batchSizeProblem, duplicateKeyProblems, ItemInput, ItemRow, UsageRow, validateItemInput, validateUsageInput } from './import-rows';
import { InventoryItem } from './inventory-item.entity';
import { AbcAssignment, InventoryRepository, ItemFilter, ItemForPolicy, SupplierRow, UpsertCounts, WeeklyQuantity } from './inventory.repository';
import { Supplier } from './supplier.entity';
import { UsageRepository } from './usage.repository';
import { OnHandRepository } from './on-hand.repository';
import { stockoutWeeks } from './stockout-weeks';
import { addWeeks, weeksBetween } from '../common/iso-week';
import { addDays } from '../common/iso-date';
import { HISTORY_WEEKS } from '../common/history-window';

export type { ItemFilter, SupplierRow, UpsertCounts } from './inventory.repository';

export interface ItemPage {
  nodes: InventoryItem[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}


/** The SKU in an items cursor; anything that is not the encoding of a SKU is refused, naming `after`. */
function skuOfCursor(after: string): string {
  return decodeCursor(after, ['string'], { accept: ([sku]) => parseSku(sku).ok })[0] as string;
}

/**
 * Suppliers, items, stock and usage. Every write validates the whole batch first (every problem
 * with its row and field), then writes it in one transaction; the SQL is in
 * inventory.repository.ts and usage.repository.ts.
 */
@Injectable()
export class InventoryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: InventoryRepository,
    private readonly usage: UsageRepository,
    @Inject(CLOCK) private readonly clock: Clock,
    private readonly onHand: OnHandRepository,
  ) {}

  // ----- reads and writes for the nightly cycle and the reorder module (SQL in inventory.repository.ts)

  activeItemIds(manager?: EntityManager): Promise<string[]> {
    return this.repository.activeItemIds(manager);
  }

  itemsForPolicy(itemIds: readonly string[], manager?: EntityManager): Promise<Map<string, ItemForPolicy>> {
    return this.repository.itemsForPolicy(itemIds, manager);
  }

  weeklyUsage(itemIds: readonly string[], lastWeekStart: string, weeks: number, manager?: EntityManager): Promise<Map<string, WeeklyQuantity[]>> {
    return this.repository.weeklyUsage(itemIds, lastWeekStart, weeks, manager);
  }

  /** Items launched within the history window with at least `minLifeWeeks` weeks since (the cold start learns how launches ramp from them). */
  launchedItemIds(lastWeekStart: string, weeks: number, minLifeWeeks: number): Promise<string[]> {
    return this.repository.launchedItemIds(lastWeekStart, weeks, minLifeWeeks);
  }

  annualUsageValues(lastWeekStart: string, manager?: EntityManager): Promise<{ itemId: string; sku: string; annualValue: number }[]> {
    return this.repository.annualUsageValues(lastWeekStart, manager);
  }

  storeAbcClasses(assignments: readonly AbcAssignment[], manager: EntityManager): Promise<void> {
    return this.repository.storeAbcClasses(assignments, manager);
  }

  receiveStock(lines: readonly { itemId: string; quantity: string }[], manager: EntityManager): Promise<void> {
    return this.repository.receiveStock(lines, manager);
  }

  itemIdBySku(sku: string, manager?: EntityManager): Promise<string | null> {
    return this.repository.itemIdBySku(sku, manager);
  }

  supplierNames(supplierIds: readonly string[], manager?: EntityManager): Promise<Map<string, string>> {
    return this.repository.supplierNames(supplierIds, manager);
  }

  skusByIds(itemIds: readonly string[], manager?: EntityManager): Promise<Map<string, { sku: string; name: string }>> {
    return this.repository.skusByIds(itemIds, manager);
  }

  // ----- on-hand history and stock-out weeks (on_hand_daily; the rule in stockout-weeks.ts)

  /**
   * The nightly count (the cycle's preparation): every active item's on hand recorded for today
   * (UTC), one statement, and records older than 106 weeks deleted. Idempotent: a second count the
   * same day writes only a lower on hand. Returns the rows written.
   */
  async recordOnHandCount(manager?: EntityManager): Promise<number> {
    const today = utcToday(this.clock);
    const written = await this.onHand.recordActiveOnHand(today, this.clock.now(), manager);
    // Kept: the forecast history's weeks and two more (stock-out weeks are read for those only).
    await this.onHand.deleteBefore(addDays(today, -7 * (HISTORY_WEEKS + 2)), manager);
    return written;
  }

  /**
   * Stock-out weeks of the weeks fromWeek..toWeek (Mondays, both included) per item (every item
   * when `itemIds` is null): on hand ≤ 0 on a day of the week or at its end (the next Monday's
   * count) while the week's usage was above 0. Items without one are absent. `usage`: the items'
   * weekly usage when the caller has read it already (the nightly batch), else it is read here.
   */
  async stockoutWeeks(
    itemIds: readonly string[] | null,
    fromWeek: string,
    toWeek: string,
    options: { usage?: ReadonlyMap<string, readonly WeeklyQuantity[]>; manager?: EntityManager } = {},
  ): Promise<Map<string, string[]>> {
    const out = new Map<string, string[]>();
    if (itemIds !== null && itemIds.length === 0) return out;
    const days = await this.onHand.outOfStockDays(itemIds, fromWeek, addWeeks(toWeek, 1), options.manager);
    if (days.size === 0) return out;
    const usage = options.usage ?? (await this.repository.weeklyUsage([...days.keys()], toWeek, weeksBetween(fromWeek, toWeek) + 1, options.manager));
    for (const [itemId, outDays] of days) {
      const byWeek = new Map((usage.get(itemId) ?? []).map((u) => [u.weekStart, u.quantity]));
      const weeks = stockoutWeeks(outDays, (w) => byWeek.get(w) ?? 0).filter((w) => w >= fromWeek && w <= toWeek);
      if (weeks.length > 0) out.set(itemId, weeks);
    }
    return out;
  }

  countItems(): Promise<number> {
    return this.repository.countItems();
  }

  // ----- suppliers

  async upsertSuppliers(inputs: readonly Record<string, unknown>[], actor: string): Promise<Supplier[]> {
    this.checkBatchSize(inputs.length);
    const rows = collect(inputs, validateSupplierInput);
    throwIfAny([...rows.problems, ...duplicateKeyProblems(rows.values.map((r) => r.name.toLowerCase()), 'name', (k) => `supplier ${k}`)]);
    return this.db.transaction(async (tx) => {
      const ids = await this.upsertSuppliersIn(tx, rows.values);
      await this.audit.append({ actor, action: 'suppliers.upserted', entityType: 'supplier', payload: { names: rows.values.map((r) => r.name) } }, tx);
      return this.repository.suppliersWithIds(ids, tx);
    });
  }

  /** Writes validated supplier rows inside the caller's transaction; returns their ids. */
  upsertSuppliersIn(tx: EntityManager, rows: readonly SupplierRow[]): Promise<string[]> {
    return this.repository.upsertSuppliers(rows, tx);
  }

  listSuppliers(): Promise<Supplier[]> {
    return this.repository.allSuppliers();
  }

  async suppliersByIds(ids: readonly string[]): Promise<(Supplier | null)[]> {
    const byId = new Map((await this.repository.suppliersWithIds(ids)).map((s) => [s.id, s]));
    return ids.map((id) => byId.get(id) ?? null);
  }

  // ----- items

  async upsertItems(inputs: readonly ItemInput[], actor: string): Promise<UpsertCounts> {
    this.checkBatchSize(inputs.length);
    const rows = collect(inputs, validateItemInput);
    throwIfAny([...rows.problems, ...duplicateKeyProblems(rows.values.map((r) => r.sku), 'sku', (k) => `SKU ${k}`)]);
    return this.db.transaction(async (tx) => {
      const counts = await this.writeItems(tx, rows.values, rows.rowNumbers);
      await this.audit.append({ actor, action: 'items.upserted', entityType: 'inventory_item', payload: { ...counts, skus: rows.values.length } }, tx);
      return counts;
    });
  }

  /**
   * Writes validated item rows inside the caller's transaction (the GraphQL mutation and the
   * CSV import share it). Unknown supplier names are an error naming the row.
   */
  async writeItems(tx: EntityManager, rows: readonly ItemRow[], rowNumbers: readonly number[]): Promise<UpsertCounts> {
    if (rows.length === 0) return { inserted: 0, updated: 0 };
    const names = [...new Set(rows.map((r) => r.supplierName).filter((n): n is string => n !== null))];
    const supplierIds = await this.repository.supplierIdsByName(names, tx);
    throwIfAny(
      rows.flatMap((r, i) =>
        r.supplierName !== null && !supplierIds.has(r.supplierName) ? [{ row: rowNumbers[i], field: 'supplier', message: `unknown supplier ${JSON.stringify(r.supplierName)}` }] : [],
      ),
    );
    // Counts of zero (an ERP's on hand imported): the stock-out is recorded the day it is set (on_hand_daily).
    const toZero = rows.filter((r) => Number(r.onHand) <= 0).map((r) => r.sku);
    const before = toZero.length > 0 ? await this.repository.onHandBySku(toZero, tx) : new Map<string, { id: string; onHand: string }>();
    const counts = await this.repository.upsertItems(rows, rows.map((r) => (r.supplierName === null ? null : supplierIds.get(r.supplierName)!)), tx);
    // New items have no history to record into (it begins at a count above zero).
    await this.onHand.recordMovementsToZero([...before.values()].map((b) => ({ itemId: b.id, before: b.onHand })), utcToday(this.clock), this.clock.now(), tx);
    return counts;
  }

  async listItems(filter: ItemFilter, first: number, after?: string): Promise<ItemPage> {
    if (!Number.isInteger(first) || first < 1 || first > 500) throw BadInputError.field('first', 'must be between 1 and 500');
    textArg(filter.search, 'filter.search', 200);
    uuidArg(filter.supplierId, 'filter.supplierId');
    const { rows, totalCount } = await this.repository.pageOfItems(filter, first, after ? skuOfCursor(after) : null);
    const nodes = rows.slice(0, first);
    return { nodes, totalCount, hasNextPage: rows.length > first, endCursor: nodes.length ? encodeCursor([nodes[nodes.length - 1].sku]) : null };
  }

  async itemBySku(sku: string): Promise<InventoryItem> {
    const item = await this.repository.itemWithSku(textArg(sku, 'sku', 200));
    if (!item) throw new NotFoundError('item', sku);
    return item;
  }

  /** Weekly usage of many items, newest `weeks` per item, oldest first (for DataLoader). */
  recentUsage(itemIds: readonly string[], weeks: number): Promise<Map<string, { weekStart: string; quantity: string }[]>> {
    return this.usage.recentWeeks(itemIds, weeks);
  }

  // ----- usage and stock

  /** The usage dates accepted today: from 1970 to a year ahead (UTC). */
  usageDayWindow(): DayWindow {
    return usageDayWindow(utcToday(this.clock));
  }

  async recordUsage(inputs: readonly { sku?: unknown; weekStart?: unknown; quantity?: unknown }[], actor: string): Promise<UpsertCounts> {
    this.checkBatchSize(inputs.length);
    const window = this.usageDayWindow();
    const rows = collect(inputs, (input) => validateUsageInput(input, window));
    throwIfAny([...rows.problems, ...duplicateKeyProblems(rows.values.map((r) => `${r.sku} week ${r.weekStart}`), 'weekStart', (k) => `usage for ${k}`)]);
    return this.db.transaction(async (tx) => {
      const counts = await this.writeUsage(tx, rows.values, rows.rowNumbers);
      await this.audit.append({ actor, action: 'usage.recorded', entityType: 'usage_history', payload: { ...counts, rows: rows.values.length } }, tx);
      return counts;
    });
  }

  /**
   * Sets (not adds) the weekly total of each (sku, week), replacing any daily rows of that week:
   * re-sending the same rows changes nothing.
   */
  async writeUsage(tx: EntityManager, rows: readonly UsageRow[], rowNumbers: readonly number[]): Promise<UpsertCounts> {
    if (rows.length === 0) return { inserted: 0, updated: 0 };
    const ids = await this.repository.itemIdsBySku([...new Set(rows.map((r) => r.sku))], tx);
    throwIfAny(rows.flatMap((r, i) => (ids.has(r.sku) ? [] : [{ row: rowNumbers[i], field: 'sku', message: `unknown SKU ${JSON.stringify(r.sku)}` }])));
    return this.usage.setWeeks({ itemIds: rows.map((r) => ids.get(r.sku)!), weekStarts: rows.map((r) => r.weekStart), quantities: rows.map((r) => r.quantity) }, tx);
  }

  /** Sets on-hand stock (count) or moves it by a delta (receipt, correction); recorded in the audit log. */
  async adjustStock(input: { sku: unknown; onHand?: unknown; delta?: unknown; reason?: unknown }, actor: string): Promise<InventoryItem> {
    const problems: FieldProblem[] = [];
    const sku = field(parseSku(input.sku), problems);
    const reason = field(parseText(input.reason, { field: 'reason', maxLength: 500 }), problems);
    const hasOnHand = !isBlank(input.onHand);
    const hasDelta = !isBlank(input.delta);
    if (hasOnHand === hasDelta) problems.push({ field: 'onHand', message: 'give exactly one of onHand (a count) or delta (a change)' });
    const onHand = hasOnHand ? field(parseQuantity(input.onHand, 'onHand'), problems) : undefined;
    const delta = hasDelta ? field(parseDecimal(input.delta, { field: 'delta', maxScale: QUANTITY_SCALE, maxIntegerDigits: QUANTITY_INTEGER_DIGITS }), problems) : undefined;
    throwIfAny(problems);
    return this.db.transaction(async (tx) => {
      const moved = await this.repository.setOrMoveStock(sku!, onHand ?? null, delta ?? null, tx).catch((error: { code?: string }) => {
        // numeric field overflow: on-hand + delta beyond what numeric(14,3) holds.
        if (error.code === '22003') throw BadInputError.field('delta', `would take on-hand stock to 1e11 or more`);
        throw error;
      });
      if (!moved) throw new NotFoundError('item', String(sku));
      if (moved.after.startsWith('-')) throw BadInputError.field('delta', `would take on-hand stock below zero (${moved.before} + ${delta})`);
      // A movement to zero is a stock-out of the day even when stock arrives before the nightly count.
      if (Number(moved.after) <= 0) await this.onHand.recordMovement(moved.id, utcToday(this.clock), moved.before, moved.after, this.clock.now(), tx);
      await this.audit.append({ actor, action: 'stock.adjusted', entityType: 'inventory_item', entityId: moved.id, payload: { sku, before: moved.before, after: moved.after, reason } }, tx);
      return this.repository.itemWithId(moved.id, tx);
    });
  }

  private checkBatchSize(rows: number): void {
    if (rows === 0) throw BadInputError.field('rows', 'at least one row is required');
    const problem = batchSizeProblem(rows, this.config.MAX_BATCH_ROWS);
    if (problem) throw new BadInputError([problem]);
  }
}

function validateSupplierInput(input: Record<string, unknown>): Validated<SupplierRow> {
  const problems: FieldProblem[] = [];
  const name = field(parseText(input.name, { field: 'name', maxLength: 200 }), problems);
  const contactEmail = isBlank(input.contactEmail) ? null : field(parseEmail(input.contactEmail, 'contactEmail'), problems);
  const defaultLeadTimeDays = field(parseInteger(input.defaultLeadTimeDays, { field: 'defaultLeadTimeDays', min: 0, max: 365 }), problems);
  const leadTimeStdDays = isBlank(input.leadTimeStdDays) ? '0' : field(parseDecimal(input.leadTimeStdDays, { field: 'leadTimeStdDays', min: 0, max: 365, maxScale: 3 }), problems);
  const reviewPeriodDays = isBlank(input.reviewPeriodDays) ? 1 : field(parseInteger(input.reviewPeriodDays, { field: 'reviewPeriodDays', min: 1, max: 90 }), problems);
  if (problems.length) return { ok: false, errors: problems };
  return { ok: true, value: { name: name!, contactEmail: contactEmail ?? null, defaultLeadTimeDays: defaultLeadTimeDays!, leadTimeStdDays: leadTimeStdDays!, reviewPeriodDays: reviewPeriodDays! } };
}

function field<T>(result: FieldResult<T>, problems: FieldProblem[]): T | undefined {
  if (result.ok) return result.value;
  problems.push(result.error);
  return undefined;
}

/** Validates every input; rows are 1-based positions in the call. */
function collect<I, T>(inputs: readonly I[], validate: (input: I) => Validated<T>): { values: T[]; rowNumbers: number[]; problems: FieldProblem[] } {
  const values: T[] = [];
  const rowNumbers: number[] = [];
  const problems: FieldProblem[] = [];
  inputs.forEach((input, index) => {
    const result = validate(input);
    if (result.ok) {
      values.push(result.value);
      rowNumbers.push(index + 1);
    } else problems.push(...result.errors.map((e) => ({ row: index + 1, ...e })));
  });
  return { values, rowNumbers, problems };
}

function throwIfAny(problems: FieldProblem[]): void {
  if (problems.length > 0) throw new BadInputError(problems.slice(0, 50));
}
