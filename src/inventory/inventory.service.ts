import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager, In } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { decodeCursor, encodeCursor } from '../common/cursor';
import { BadInputError, FieldProblem, NotFoundError } from '../common/errors';
import { APP_CONFIG } from '../config/config.module';
import type { AbcClass } from '../reorder/abc';
import { AppConfig } from '../config/config.schema';
import { parseDecimal, parseQuantity, QUANTITY_SCALE } from '../common/parse/decimal';
import { FieldResult, isBlank, Validated } from '../common/parse/field-result';
import { parseInteger } from '../common/parse/integer';
import { parseEmail, parseSku, parseText } from '../common/parse/text';
import { batchSizeProblem, duplicateKeyProblems, ItemInput, ItemRow, UsageRow, validateItemInput, validateUsageInput } from './import-rows';
import { InventoryItem } from './inventory-item.entity';
import { AbcAssignment, InventoryRepository, ItemForPolicy, WeeklyQuantity } from './inventory.repository';
import { Supplier } from './supplier.entity';

export interface SupplierRow {
  name: string;
  contactEmail: string | null;
  defaultLeadTimeDays: number;
  leadTimeStdDays: string;
  reviewPeriodDays: number;
}

export interface ItemFilter {
  active?: boolean;
  abcClass?: AbcClass;
  supplierId?: string;
  search?: string;
}

export interface ItemPage {
  nodes: InventoryItem[];
  totalCount: number;
  endCursor: string | null;
  hasNextPage: boolean;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
}


/**
 * Suppliers, items, stock and weekly usage. Every write validates the whole batch first (every
 * problem with its row and field), then writes it in one transaction with multi-row statements.
 */
@Injectable()
export class InventoryService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly repository: InventoryRepository,
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

  // ----- suppliers

  async upsertSuppliers(inputs: readonly Record<string, unknown>[], actor: string): Promise<Supplier[]> {
    this.checkBatchSize(inputs.length);
    const rows = collect(inputs, validateSupplierInput);
    throwIfAny([...rows.problems, ...duplicateKeyProblems(rows.values.map((r) => r.name.toLowerCase()), 'name', (k) => `supplier ${k}`)]);
    return this.db.transaction(async (tx) => {
      const ids = await this.upsertSuppliersIn(tx, rows.values);
      await this.audit.append({ actor, action: 'suppliers.upserted', entityType: 'supplier', payload: { names: rows.values.map((r) => r.name) } }, tx);
      return tx.getRepository(Supplier).find({ where: { id: In(ids) }, order: { name: 'ASC' } });
    });
  }

  /** Writes validated supplier rows inside the caller's transaction; returns their ids. */
  async upsertSuppliersIn(tx: EntityManager, rows: readonly SupplierRow[]): Promise<string[]> {
    const saved: { id: string }[] = await tx.query(
      `INSERT INTO suppliers (name, contact_email, default_lead_time_days, lead_time_std_days, review_period_days)
       SELECT * FROM unnest($1::text[], $2::text[], $3::int[], $4::numeric[], $5::int[])
       ON CONFLICT (name) DO UPDATE SET contact_email = EXCLUDED.contact_email,
         default_lead_time_days = EXCLUDED.default_lead_time_days, lead_time_std_days = EXCLUDED.lead_time_std_days,
         review_period_days = EXCLUDED.review_period_days, updated_at = now()
       RETURNING id`,
      [
        rows.map((r) => r.name),
        rows.map((r) => r.contactEmail),
        rows.map((r) => r.defaultLeadTimeDays),
        rows.map((r) => r.leadTimeStdDays),
        rows.map((r) => r.reviewPeriodDays),
      ],
    );
    return saved.map((s) => s.id);
  }

  listSuppliers(): Promise<Supplier[]> {
    return this.db.getRepository(Supplier).find({ order: { name: 'ASC' } });
  }

  async suppliersByIds(ids: readonly string[]): Promise<(Supplier | null)[]> {
    const found = await this.db.getRepository(Supplier).createQueryBuilder('s').where('s.id = ANY(:ids)', { ids: [...ids] }).getMany();
    const byId = new Map(found.map((s) => [s.id, s]));
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
    const suppliers: { id: string; name: string }[] = names.length ? await tx.query('SELECT id, name FROM suppliers WHERE name = ANY($1)', [names]) : [];
    const supplierIds = new Map(suppliers.map((s) => [s.name, s.id]));
    throwIfAny(
      rows.flatMap((r, i) =>
        r.supplierName !== null && !supplierIds.has(r.supplierName) ? [{ row: rowNumbers[i], field: 'supplier', message: `unknown supplier ${JSON.stringify(r.supplierName)}` }] : [],
      ),
    );
    const result: { inserted: boolean }[] = await tx.query(
      `INSERT INTO inventory_items (sku, name, unit_cost, on_hand, lead_time_days, lead_time_std_days, supplier_id, min_order_qty, lot_size, active)
       SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::numeric[], $5::int[], $6::numeric[], $7::uuid[], $8::numeric[], $9::numeric[], $10::bool[])
       ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, unit_cost = EXCLUDED.unit_cost, on_hand = EXCLUDED.on_hand,
         lead_time_days = EXCLUDED.lead_time_days, lead_time_std_days = EXCLUDED.lead_time_std_days, supplier_id = EXCLUDED.supplier_id,
         min_order_qty = EXCLUDED.min_order_qty, lot_size = EXCLUDED.lot_size, active = EXCLUDED.active, updated_at = now()
       WHERE (inventory_items.name, inventory_items.unit_cost, inventory_items.on_hand, inventory_items.lead_time_days, inventory_items.lead_time_std_days,
              inventory_items.supplier_id, inventory_items.min_order_qty, inventory_items.lot_size, inventory_items.active)
         IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.unit_cost, EXCLUDED.on_hand, EXCLUDED.lead_time_days, EXCLUDED.lead_time_std_days,
              EXCLUDED.supplier_id, EXCLUDED.min_order_qty, EXCLUDED.lot_size, EXCLUDED.active)
       RETURNING (xmax = 0) AS inserted`,
      [
        rows.map((r) => r.sku),
        rows.map((r) => r.name),
        rows.map((r) => r.unitCost),
        rows.map((r) => r.onHand),
        rows.map((r) => r.leadTimeDays),
        rows.map((r) => r.leadTimeStdDays),
        rows.map((r) => (r.supplierName === null ? null : supplierIds.get(r.supplierName))),
        rows.map((r) => r.minOrderQty),
        rows.map((r) => r.lotSize),
        rows.map((r) => r.active),
      ],
    );
    const inserted = result.filter((r) => r.inserted).length;
    return { inserted, updated: result.length - inserted };
  }

  async listItems(filter: ItemFilter, first: number, after?: string): Promise<ItemPage> {
    if (!Number.isInteger(first) || first < 1 || first > 500) throw BadInputError.field('first', 'must be between 1 and 500');
    const qb = this.db.getRepository(InventoryItem).createQueryBuilder('i');
    if (filter.active !== undefined) qb.andWhere('i.active = :active', { active: filter.active });
    if (filter.abcClass) qb.andWhere('i.abc_class = :abc', { abc: filter.abcClass });
    if (filter.supplierId) qb.andWhere('i.supplier_id = :supplierId', { supplierId: filter.supplierId });
    if (filter.search?.trim()) {
      const pattern = `%${filter.search.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%`;
      qb.andWhere('(i.sku ILIKE :pattern OR i.name ILIKE :pattern)', { pattern });
    }
    const totalCount = await qb.clone().getCount();
    if (after) qb.andWhere('i.sku > :after', { after: decodeCursor(after, ['string'])[0] });
    const rows = await qb.orderBy('i.sku', 'ASC').limit(first + 1).getMany();
    const nodes = rows.slice(0, first);
    return { nodes, totalCount, hasNextPage: rows.length > first, endCursor: nodes.length ? encodeCursor([nodes[nodes.length - 1].sku]) : null };
  }

  async itemBySku(sku: string): Promise<InventoryItem> {
    const item = await this.db.getRepository(InventoryItem).findOneBy({ sku });
    if (!item) throw new NotFoundError('item', sku);
    return item;
  }

  /** Weekly usage of many items, newest `weeks` per item, oldest first (for DataLoader). */
  async recentUsage(itemIds: readonly string[], weeks: number): Promise<Map<string, { weekStart: string; quantity: string }[]>> {
    const rows: { item_id: string; week_start: string; quantity: string }[] = await this.db.query(
      `SELECT item_id, week_start, quantity FROM (
         SELECT item_id, week_start, quantity, row_number() OVER (PARTITION BY item_id ORDER BY week_start DESC) AS n
           FROM usage_history WHERE item_id = ANY($1)) u
        WHERE n <= $2 ORDER BY item_id, week_start`,
      [[...itemIds], weeks],
    );
    const byItem = new Map<string, { weekStart: string; quantity: string }[]>();
    for (const r of rows) {
      const list = byItem.get(r.item_id) ?? [];
      list.push({ weekStart: r.week_start, quantity: r.quantity });
      byItem.set(r.item_id, list);
    }
    return byItem;
  }

  // ----- usage and stock

  async recordUsage(inputs: readonly { sku?: unknown; weekStart?: unknown; quantity?: unknown }[], actor: string): Promise<UpsertCounts> {
    this.checkBatchSize(inputs.length);
    const rows = collect(inputs, validateUsageInput);
    throwIfAny([...rows.problems, ...duplicateKeyProblems(rows.values.map((r) => `${r.sku} week ${r.weekStart}`), 'weekStart', (k) => `usage for ${k}`)]);
    return this.db.transaction(async (tx) => {
      const counts = await this.writeUsage(tx, rows.values, rows.rowNumbers);
      await this.audit.append({ actor, action: 'usage.recorded', entityType: 'usage_history', payload: { ...counts, rows: rows.values.length } }, tx);
      return counts;
    });
  }

  /** Sets (not adds) the quantity of each (sku, week): re-sending the same rows changes nothing. */
  async writeUsage(tx: EntityManager, rows: readonly UsageRow[], rowNumbers: readonly number[]): Promise<UpsertCounts> {
    if (rows.length === 0) return { inserted: 0, updated: 0 };
    const skus = [...new Set(rows.map((r) => r.sku))];
    const items: { id: string; sku: string }[] = await tx.query('SELECT id, sku FROM inventory_items WHERE sku = ANY($1)', [skus]);
    const ids = new Map(items.map((i) => [i.sku, i.id]));
    throwIfAny(rows.flatMap((r, i) => (ids.has(r.sku) ? [] : [{ row: rowNumbers[i], field: 'sku', message: `unknown SKU ${JSON.stringify(r.sku)}` }])));
    const result: { inserted: boolean }[] = await tx.query(
      `INSERT INTO usage_history (item_id, week_start, quantity)
       SELECT * FROM unnest($1::uuid[], $2::date[], $3::numeric[])
       ON CONFLICT (item_id, week_start) DO UPDATE SET quantity = EXCLUDED.quantity, updated_at = now()
       WHERE usage_history.quantity IS DISTINCT FROM EXCLUDED.quantity
       RETURNING (xmax = 0) AS inserted`,
      [rows.map((r) => ids.get(r.sku)), rows.map((r) => r.weekStart), rows.map((r) => r.quantity)],
    );
    const inserted = result.filter((r) => r.inserted).length;
    return { inserted, updated: result.length - inserted };
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
    const delta = hasDelta ? field(parseDecimal(input.delta, { field: 'delta', maxScale: QUANTITY_SCALE }), problems) : undefined;
    throwIfAny(problems);
    return this.db.transaction(async (tx) => {
      // TypeORM answers an UPDATE with [rows, affected].
      const [rows]: [{ id: string; before: string; after: string }[], number] = await tx.query(
        `UPDATE inventory_items i SET on_hand = COALESCE($2::numeric, i.on_hand + $3::numeric), updated_at = now()
           FROM (SELECT id, on_hand AS before FROM inventory_items WHERE sku = $1 FOR UPDATE) old
          WHERE i.id = old.id RETURNING i.id, old.before, i.on_hand AS after`,
        [sku, onHand ?? null, delta ?? null],
      );
      if (rows.length === 0) throw new NotFoundError('item', String(sku));
      if (rows[0].after.startsWith('-')) throw BadInputError.field('delta', `would take on-hand stock below zero (${rows[0].before} + ${delta})`);
      await this.audit.append({ actor, action: 'stock.adjusted', entityType: 'inventory_item', entityId: rows[0].id, payload: { sku, before: rows[0].before, after: rows[0].after, reason } }, tx);
      return tx.getRepository(InventoryItem).findOneByOrFail({ id: rows[0].id });
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
