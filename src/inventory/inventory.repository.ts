import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AbcClass } from '../reorder/abc';
import type { ItemRow } from './import-rows';
import { InventoryItem } from './inventory-item.entity';
import { Supplier } from './supplier.entity';

/** Every column of `inventory_items i` under the InventoryItem entity's property names (raw reads). */
const ITEM_COLUMNS = `i.id, i.sku, i.name, i.unit_cost AS "unitCost", i.on_hand AS "onHand", i.backorders, i.lead_time_days AS "leadTimeDays",
  i.lead_time_std_days AS "leadTimeStdDays", i.supplier_id AS "supplierId", i.min_order_qty AS "minOrderQty", i.lot_size AS "lotSize",
  i.service_level_target AS "serviceLevelTarget", i.review_period_days AS "reviewPeriodDays", i.active, i.abc_class AS "abcClass",
  i.annual_value AS "annualValue", i.usage_rank AS "usageRank", i.created_at AS "createdAt", i.updated_at AS "updatedAt"`;
/** Every column of `suppliers s` under the Supplier entity's property names. */
const SUPPLIER_COLUMNS = `s.id, s.name, s.contact_email AS "contactEmail", s.default_lead_time_days AS "defaultLeadTimeDays",
  s.lead_time_std_days AS "leadTimeStdDays", s.review_period_days AS "reviewPeriodDays", s.created_at AS "createdAt", s.updated_at AS "updatedAt"`;

/** What the reorder policy and the purchase-order drafts need of an item and its supplier. */
export interface ItemForPolicy {
  id: string;
  sku: string;
  name: string;
  supplierId: string | null;
  unitCost: string;
  abcClass: AbcClass | null;
  serviceLevelTarget: string | null;
  onHand: string;
  backorders: string;
  leadTimeDays: number;
  leadTimeStdDays: number;
  reviewPeriodDays: number;
  lotSize: string;
  minOrderQty: string;
}

export interface WeeklyQuantity {
  weekStart: string;
  quantity: number;
}

export interface SupplierRow {
  name: string;
  contactEmail: string | null;
  defaultLeadTimeDays: number;
  leadTimeStdDays: string;
  reviewPeriodDays: number;
}

export interface ItemFilter {
  active?: boolean;
  abcClass?: 'A' | 'B' | 'C';
  supplierId?: string;
  search?: string;
}

export interface UpsertCounts {
  inserted: number;
  updated: number;
}

export interface AbcAssignment {
  itemId: string;
  abcClass: AbcClass;
  annualValue: number;
  rank: number;
}

/**
 * The inventory module's SQL: suppliers, inventory_items, usage. Other modules reach these
 * tables only through InventoryService, which calls this file. Every method takes the caller's
 * transaction manager where a caller may be inside one (the embedded database serialises
 * connections, so a query outside the caller's transaction would wait for ever).
 */
@Injectable()
export class InventoryRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async activeItemIds(manager: EntityManager = this.db.manager): Promise<string[]> {
    const rows: { id: string }[] = await manager.query(`SELECT id FROM inventory_items WHERE active ORDER BY sku`);
    return rows.map((r) => r.id);
  }

  async itemsForPolicy(itemIds: readonly string[], manager: EntityManager = this.db.manager): Promise<Map<string, ItemForPolicy>> {
    const rows: ItemForPolicy[] = await manager.query(
      `SELECT i.id, i.sku, i.name, i.supplier_id AS "supplierId", i.unit_cost AS "unitCost", i.abc_class AS "abcClass",
              i.service_level_target AS "serviceLevelTarget", i.on_hand AS "onHand", i.backorders,
              COALESCE(i.lead_time_days, s.default_lead_time_days, 0) AS "leadTimeDays",
              COALESCE(i.lead_time_std_days, s.lead_time_std_days, 0)::float8 AS "leadTimeStdDays",
              COALESCE(i.review_period_days, s.review_period_days, 1) AS "reviewPeriodDays", i.lot_size AS "lotSize", i.min_order_qty AS "minOrderQty"
         FROM inventory_items i LEFT JOIN suppliers s ON s.id = i.supplier_id WHERE i.id = ANY($1)`,
      [[...itemIds]],
    );
    return new Map(rows.map((r) => [r.id, r]));
  }

  /** Weekly usage of the weeks in (lastWeekStart − weeks, lastWeekStart], sparse (missing weeks absent). */
  async weeklyUsage(itemIds: readonly string[], lastWeekStart: string, weeks: number, manager: EntityManager = this.db.manager): Promise<Map<string, WeeklyQuantity[]>> {
    const rows: { item_id: string; week_start: string; quantity: string }[] = await manager.query(
      `SELECT item_id, week_start, quantity FROM usage_history
        WHERE item_id = ANY($1) AND week_start > $2::date - 7 * $3 AND week_start <= $2::date ORDER BY item_id, week_start`,
      [[...itemIds], lastWeekStart, weeks],
    );
    const byItem = new Map<string, WeeklyQuantity[]>(itemIds.map((id) => [id, []]));
    for (const r of rows) byItem.get(r.item_id)?.push({ weekStart: r.week_start, quantity: Number(r.quantity) });
    return byItem;
  }

  /**
   * Items launched inside the weeks (lastWeekStart − weeks, lastWeekStart − minLifeWeeks]: their first
   * week with usage is there and more than 4 weeks after the catalog's first (items present since the
   * history began are not launches), and they have had at least `minLifeWeeks` weeks since.
   */
  async launchedItemIds(lastWeekStart: string, weeks: number, minLifeWeeks: number, manager: EntityManager = this.db.manager): Promise<string[]> {
    const rows: { item_id: string }[] = await manager.query(
      `WITH firsts AS (SELECT item_id, min(week_start) AS first FROM usage_history WHERE quantity > 0 GROUP BY item_id)
       SELECT item_id FROM firsts
        WHERE first > (SELECT min(first) FROM firsts) + 28 AND first > $1::date - 7 * $2 AND first <= $1::date - 7 * ($3 - 1)`,
      [lastWeekStart, weeks, minLifeWeeks],
    );
    return rows.map((r) => r.item_id);
  }

  /** Annual consumption value of every active item: usage of the 52 weeks up to lastWeekStart × unit cost. */
  async annualUsageValues(lastWeekStart: string, manager: EntityManager = this.db.manager): Promise<{ itemId: string; sku: string; annualValue: number }[]> {
    const rows: { id: string; sku: string; annual_value: string }[] = await manager.query(
      `SELECT i.id, i.sku, COALESCE(sum(u.quantity), 0) * i.unit_cost AS annual_value
         FROM inventory_items i
         LEFT JOIN usage_history u ON u.item_id = i.id AND u.week_start > $1::date - 364 AND u.week_start <= $1::date
        WHERE i.active GROUP BY i.id`,
      [lastWeekStart],
    );
    return rows.map((r) => ({ itemId: r.id, sku: r.sku, annualValue: Number(r.annual_value) }));
  }

  async storeAbcClasses(assignments: readonly AbcAssignment[], manager: EntityManager): Promise<void> {
    if (assignments.length === 0) return;
    await manager.query(
      `UPDATE inventory_items i SET abc_class = a.abc_class, annual_value = round(a.annual_value, 2), usage_rank = a.rank
         FROM unnest($1::uuid[], $2::text[], $3::numeric[], $4::int[]) AS a(id, abc_class, annual_value, rank) WHERE i.id = a.id`,
      [assignments.map((a) => a.itemId), assignments.map((a) => a.abcClass), assignments.map((a) => a.annualValue), assignments.map((a) => a.rank)],
    );
  }

  /** Adds received quantities to on-hand stock. */
  async receiveStock(lines: readonly { itemId: string; quantity: string }[], manager: EntityManager): Promise<void> {
    if (lines.length === 0) return;
    await manager.query(
      `UPDATE inventory_items i SET on_hand = i.on_hand + r.qty, updated_at = now()
         FROM (SELECT id, sum(qty) AS qty FROM unnest($1::uuid[], $2::numeric[]) AS x(id, qty) GROUP BY id) r WHERE i.id = r.id`,
      [lines.map((l) => l.itemId), lines.map((l) => l.quantity)],
    );
  }

  async itemIdBySku(sku: string, manager: EntityManager = this.db.manager): Promise<string | null> {
    const [row]: { id: string }[] = await manager.query(`SELECT id FROM inventory_items WHERE sku = $1`, [sku]);
    return row?.id ?? null;
  }

  async skusByIds(itemIds: readonly string[], manager: EntityManager = this.db.manager): Promise<Map<string, { sku: string; name: string }>> {
    const rows: { id: string; sku: string; name: string }[] = await manager.query(`SELECT id, sku, name FROM inventory_items WHERE id = ANY($1)`, [[...itemIds]]);
    return new Map(rows.map((r) => [r.id, { sku: r.sku, name: r.name }]));
  }

  // ----- suppliers

  /** Inserts or updates suppliers by name; returns their ids. */
  async upsertSuppliers(rows: readonly SupplierRow[], manager: EntityManager): Promise<string[]> {
    const saved: { id: string }[] = await manager.query(
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

  suppliersWithIds(ids: readonly string[], manager: EntityManager = this.db.manager): Promise<Supplier[]> {
    return manager.query(`SELECT ${SUPPLIER_COLUMNS} FROM suppliers s WHERE s.id = ANY($1) ORDER BY s.name`, [[...ids]]);
  }

  allSuppliers(): Promise<Supplier[]> {
    return this.db.getRepository(Supplier).find({ order: { name: 'ASC' } });
  }

  async supplierIdsByName(names: readonly string[], manager: EntityManager): Promise<Map<string, string>> {
    if (names.length === 0) return new Map();
    const rows: { id: string; name: string }[] = await manager.query('SELECT id, name FROM suppliers WHERE name = ANY($1)', [[...names]]);
    return new Map(rows.map((s) => [s.name, s.id]));
  }

  // ----- items

  /** Inserts or updates items by SKU (supplier ids resolved by the caller); unchanged rows are not touched. */
  async upsertItems(rows: readonly ItemRow[], supplierIds: readonly (string | null)[], manager: EntityManager): Promise<UpsertCounts> {
    const result: { inserted: boolean }[] = await manager.query(
      `INSERT INTO inventory_items (sku, name, unit_cost, on_hand, lead_time_days, lead_time_std_days, supplier_id, min_order_qty, lot_size, active,
                                   service_level_target, review_period_days)
       SELECT * FROM unnest($1::text[], $2::text[], $3::numeric[], $4::numeric[], $5::int[], $6::numeric[], $7::uuid[], $8::numeric[], $9::numeric[], $10::bool[],
                            $11::numeric[], $12::int[])
       ON CONFLICT (sku) DO UPDATE SET name = EXCLUDED.name, unit_cost = EXCLUDED.unit_cost, on_hand = EXCLUDED.on_hand,
         lead_time_days = EXCLUDED.lead_time_days, lead_time_std_days = EXCLUDED.lead_time_std_days, supplier_id = EXCLUDED.supplier_id,
         min_order_qty = EXCLUDED.min_order_qty, lot_size = EXCLUDED.lot_size, active = EXCLUDED.active,
         service_level_target = EXCLUDED.service_level_target, review_period_days = EXCLUDED.review_period_days, updated_at = now()
       WHERE (inventory_items.name, inventory_items.unit_cost, inventory_items.on_hand, inventory_items.lead_time_days, inventory_items.lead_time_std_days,
              inventory_items.supplier_id, inventory_items.min_order_qty, inventory_items.lot_size, inventory_items.active,
              inventory_items.service_level_target, inventory_items.review_period_days)
         IS DISTINCT FROM (EXCLUDED.name, EXCLUDED.unit_cost, EXCLUDED.on_hand, EXCLUDED.lead_time_days, EXCLUDED.lead_time_std_days,
              EXCLUDED.supplier_id, EXCLUDED.min_order_qty, EXCLUDED.lot_size, EXCLUDED.active,
              EXCLUDED.service_level_target, EXCLUDED.review_period_days)
       RETURNING (xmax = 0) AS inserted`,
      [
        rows.map((r) => r.sku),
        rows.map((r) => r.name),
        rows.map((r) => r.unitCost),
        rows.map((r) => r.onHand),
        rows.map((r) => r.leadTimeDays),
        rows.map((r) => r.leadTimeStdDays),
        supplierIds,
        rows.map((r) => r.minOrderQty),
        rows.map((r) => r.lotSize),
        rows.map((r) => r.active),
        rows.map((r) => r.serviceLevelTarget),
        rows.map((r) => r.reviewPeriodDays),
      ],
    );
    const inserted = result.filter((r) => r.inserted).length;
    return { inserted, updated: result.length - inserted };
  }

  async countItems(manager: EntityManager = this.db.manager): Promise<number> {
    const [{ count }]: { count: number }[] = await manager.query('SELECT count(*)::int AS count FROM inventory_items');
    return count;
  }

  /**
   * One page of items ordered by SKU after `afterSku`, `first + 1` rows (the extra one tells
   * whether there is a next page), and the count of all items matching the filter — in one round
   * trip of plain SQL (the count joined laterally to the page; one row with a null id when the page
   * is empty). The read path of `items(first: N)`: TypeORM's query builder and entity hydration
   * cost more CPU than the query itself (bench/load, docs/bench/load.md).
   */
  async pageOfItems(filter: ItemFilter, first: number, afterSku: string | null): Promise<{ rows: InventoryItem[]; totalCount: number }> {
    const search = filter.search?.trim() ? `%${filter.search.trim().replace(/[\\%_]/g, (c) => '\\' + c)}%` : null;
    const where = `($1::boolean IS NULL OR i.active = $1) AND ($2::text IS NULL OR i.abc_class = $2) AND ($3::uuid IS NULL OR i.supplier_id = $3)
      AND ($4::text IS NULL OR i.sku ILIKE $4 OR i.name ILIKE $4)`;
    const rows: (InventoryItem & { totalCount: number })[] = await this.db.query(
      `SELECT t.total AS "totalCount", p.* FROM (SELECT count(*)::int AS total FROM inventory_items i WHERE ${where}) t
         LEFT JOIN LATERAL (SELECT ${ITEM_COLUMNS} FROM inventory_items i WHERE ${where} AND ($5::text IS NULL OR i.sku > $5) ORDER BY i.sku LIMIT $6) p ON true`,
      [filter.active ?? null, filter.abcClass ?? null, filter.supplierId ?? null, search, afterSku, first + 1],
    );
    const totalCount = rows[0]?.totalCount ?? 0;
    return { rows: rows.filter((r) => r.id !== null).map(({ totalCount: _, ...item }) => item as InventoryItem), totalCount };
  }

  itemWithSku(sku: string): Promise<InventoryItem | null> {
    return this.db.getRepository(InventoryItem).findOneBy({ sku });
  }

  itemWithId(id: string, manager: EntityManager = this.db.manager): Promise<InventoryItem> {
    return manager.getRepository(InventoryItem).findOneByOrFail({ id });
  }

  /** Id and on hand of the SKUs that exist. */
  async onHandBySku(skus: readonly string[], manager: EntityManager): Promise<Map<string, { id: string; onHand: string }>> {
    const rows: { id: string; sku: string; on_hand: string }[] = await manager.query('SELECT id, sku, on_hand FROM inventory_items WHERE sku = ANY($1)', [[...skus]]);
    return new Map(rows.map((i) => [i.sku, { id: i.id, onHand: i.on_hand }]));
  }

  /** Item ids of the SKUs that exist. */
  async itemIdsBySku(skus: readonly string[], manager: EntityManager): Promise<Map<string, string>> {
    const rows: { id: string; sku: string }[] = await manager.query('SELECT id, sku FROM inventory_items WHERE sku = ANY($1)', [[...skus]]);
    return new Map(rows.map((i) => [i.sku, i.id]));
  }

  /**
   * Sets on-hand stock (onHand) or moves it by a delta, locking the row; null when the SKU does
   * not exist. Returns the stock before and after.
   */
  async setOrMoveStock(sku: string, onHand: string | null, delta: string | null, manager: EntityManager): Promise<{ id: string; before: string; after: string } | null> {
    // TypeORM answers an UPDATE with [rows, affected].
    const [rows]: [{ id: string; before: string; after: string }[], number] = await manager.query(
      `UPDATE inventory_items i SET on_hand = COALESCE($2::numeric, i.on_hand + $3::numeric), updated_at = now()
         FROM (SELECT id, on_hand AS before FROM inventory_items WHERE sku = $1 FOR UPDATE) old
        WHERE i.id = old.id RETURNING i.id, old.before, i.on_hand AS after`,
      [sku, onHand, delta],
    );
    return rows[0] ?? null;
  }

  async supplierNames(supplierIds: readonly string[], manager: EntityManager = this.db.manager): Promise<Map<string, string>> {
    const rows: { id: string; name: string }[] = await manager.query(`SELECT id, name FROM suppliers WHERE id = ANY($1)`, [[...supplierIds]]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
