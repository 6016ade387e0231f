import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AbcClass } from '../reorder/abc';

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
              COALESCE(s.review_period_days, 1) AS "reviewPeriodDays", i.lot_size AS "lotSize", i.min_order_qty AS "minOrderQty"
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

  async supplierNames(supplierIds: readonly string[], manager: EntityManager = this.db.manager): Promise<Map<string, string>> {
    const rows: { id: string; name: string }[] = await manager.query(`SELECT id, name FROM suppliers WHERE id = ANY($1)`, [[...supplierIds]]);
    return new Map(rows.map((r) => [r.id, r.name]));
  }
}
