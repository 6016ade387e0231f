import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { parseDecimal, parseText, QUANTITY_INTEGER_DIGITS, QUANTITY_SCALE } from '../inventory/import-rows';
import { addDays } from './calendar';
import { AbcClass, DEFAULT_ABC_THRESHOLDS } from './abc';
import { recommendReorder, ReorderRecommendation, targetServiceLevel, WeeklyDemandForecast } from './policy';

export interface ItemForPolicy {
  id: string;
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

export type DecisionAction = 'approve' | 'adjust' | 'reject';

/**
 * ABC classification, the reorder policy applied to one item, purchase-order drafts and the
 * approvers' decisions. The math is in policy.ts and abc.ts; this file loads and stores rows.
 */
@Injectable()
export class ReorderService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * ABC over all active items in one SQL statement: value = last 52 weeks of usage × unit cost;
   * ranked by value (ties by SKU), A while the share of value ranked before the item is < 80 %,
   * B while < 95 %, C otherwise and for items without value — the rule of abc.ts.
   */
  async classifyAbc(lastWeekStart: string, manager: EntityManager = this.db.manager): Promise<{ A: number; B: number; C: number }> {
    const rows: { abc_class: AbcClass; n: number }[] = await manager.query(
      `WITH value AS (
         SELECT i.id, i.sku, COALESCE(sum(u.quantity), 0) * i.unit_cost AS annual_value
           FROM inventory_items i
           LEFT JOIN usage_history u ON u.item_id = i.id AND u.week_start > $1::date - 364 AND u.week_start <= $1::date
          WHERE i.active GROUP BY i.id),
       ranked AS (
         SELECT id, annual_value,
                row_number() OVER (ORDER BY annual_value DESC, sku COLLATE "C") AS rank,
                sum(annual_value) OVER (ORDER BY annual_value DESC, sku COLLATE "C" ROWS UNBOUNDED PRECEDING) - annual_value AS before,
                sum(annual_value) OVER () AS total
           FROM value),
       classified AS (
         UPDATE inventory_items i SET annual_value = round(r.annual_value, 2), usage_rank = r.rank,
                abc_class = CASE WHEN r.annual_value <= 0 OR r.total <= 0 THEN 'C'
                                 WHEN r.before / r.total < $2 THEN 'A'
                                 WHEN r.before / r.total < $3 THEN 'B' ELSE 'C' END
           FROM ranked r WHERE i.id = r.id RETURNING i.abc_class)
       SELECT abc_class, count(*)::int AS n FROM classified GROUP BY abc_class`,
      [lastWeekStart, DEFAULT_ABC_THRESHOLDS.aCumulativeShare, DEFAULT_ABC_THRESHOLDS.bCumulativeShare],
    );
    const counts = { A: 0, B: 0, C: 0 };
    for (const r of rows) counts[r.abc_class] = r.n;
    return counts;
  }

  /** Open purchase-order quantity (approved, not yet received) per item. */
  async onOrder(itemIds: readonly string[], manager: EntityManager = this.db.manager): Promise<Map<string, number>> {
    const rows: { item_id: string; qty: string }[] = await manager.query(
      `SELECT l.item_id, sum(l.quantity) AS qty FROM purchase_order_lines l JOIN purchase_orders p ON p.id = l.purchase_order_id
        WHERE p.status = 'approved' AND l.item_id = ANY($1) GROUP BY l.item_id`,
      [[...itemIds]],
    );
    return new Map(rows.map((r) => [r.item_id, Number(r.qty)]));
  }

  serviceLevelFor(item: Pick<ItemForPolicy, 'abcClass' | 'serviceLevelTarget'>): number {
    const byClass = { A: this.config.SERVICE_LEVEL_A, B: this.config.SERVICE_LEVEL_B, C: this.config.SERVICE_LEVEL_C };
    return targetServiceLevel(item.abcClass ?? 'C', item.serviceLevelTarget === null ? null : Number(item.serviceLevelTarget), byClass);
  }

  recommend(item: ItemForPolicy, forecast: WeeklyDemandForecast, onOrderUnits: number): ReorderRecommendation {
    return recommendReorder({
      forecast,
      leadTimeDays: item.leadTimeDays,
      leadTimeSdDays: item.leadTimeStdDays,
      reviewPeriodDays: item.reviewPeriodDays,
      serviceLevel: this.serviceLevelFor(item),
      onHandUnits: Number(item.onHand),
      onOrderUnits,
      backorderedUnits: Number(item.backorders),
      lotSizeUnits: Number(item.lotSize),
      minOrderQtyUnits: Number(item.minOrderQty),
      cycleStockWeeks: this.config.CYCLE_STOCK_WEEKS,
    });
  }

  /**
   * One purchase order per supplier for the run's recommendations that order something, one line
   * per SKU. Idempotent: a supplier that already has this run's PO is skipped. In the `auto`
   * phase, low-priority lines are approved by the system, and a PO of only such lines too.
   */
  async draftPurchaseOrders(runId: string, phase: string, today: string, manager: EntityManager): Promise<number> {
    const lines: {
      recommendation_id: string;
      item_id: string;
      supplier_id: string;
      sku: string;
      quantity: string;
      unit_cost: string;
      lead_time_days: number;
      priority: string;
      abc_class: string;
      days_to_stockout: string | null;
    }[] = await manager.query(
      `SELECT r.id AS recommendation_id, r.item_id, i.supplier_id, i.sku, r.recommended_qty AS quantity, i.unit_cost,
              COALESCE(i.lead_time_days, s.default_lead_time_days) AS lead_time_days, r.priority, r.abc_class, r.days_to_stockout
         FROM reorder_recommendations r JOIN inventory_items i ON i.id = r.item_id JOIN suppliers s ON s.id = i.supplier_id
        WHERE r.run_id = $1 AND r.status = 'open' AND r.recommended_qty > 0
          AND NOT EXISTS (SELECT 1 FROM purchase_orders p WHERE p.run_id = $1 AND p.supplier_id = i.supplier_id)
        ORDER BY i.supplier_id, i.sku`,
      [runId],
    );
    const bySupplier = new Map<string, typeof lines>();
    for (const line of lines) bySupplier.set(line.supplier_id, [...(bySupplier.get(line.supplier_id) ?? []), line]);
    const compactDay = today.replace(/-/g, '');
    for (const [supplierId, poLines] of bySupplier) {
      const autoApproved = phase === 'auto' && poLines.every((l) => l.priority === 'low');
      const [{ po_number }]: { po_number: string }[] = await manager.query(`SELECT 'PO-' || $1 || '-' || lpad(nextval('purchase_order_number_seq')::text, 6, '0') AS po_number`, [compactDay]);
      const [po]: { id: string }[] = await manager.query(
        `INSERT INTO purchase_orders (po_number, supplier_id, run_id, status, total_cost, decided_by, decided_at)
         VALUES ($1, $2, $3, $4, 0, $5, CASE WHEN $5::text IS NULL THEN NULL ELSE now() END) RETURNING id`,
        [po_number, supplierId, runId, autoApproved ? 'approved' : 'pending_approval', autoApproved ? 'system' : null],
      );
      await manager.query(
        `INSERT INTO purchase_order_lines (purchase_order_id, item_id, recommendation_id, quantity, unit_cost, line_total, expected_delivery, notes)
         SELECT $1, * FROM unnest($2::uuid[], $3::uuid[], $4::numeric[], $5::numeric[], $6::numeric[], $7::date[], $8::text[])`,
        [
          po.id,
          poLines.map((l) => l.item_id),
          poLines.map((l) => l.recommendation_id),
          poLines.map((l) => l.quantity),
          poLines.map((l) => l.unit_cost),
          poLines.map((l) => (Number(l.quantity) * Number(l.unit_cost)).toFixed(2)),
          poLines.map((l) => addDays(today, l.lead_time_days)),
          poLines.map((l) => `class ${l.abc_class}, priority ${l.priority}, ${l.days_to_stockout === null ? 'no stockout in sight' : `${Number(l.days_to_stockout).toFixed(1)} days to stockout`}`),
        ],
      );
      await manager.query(`UPDATE purchase_orders SET total_cost = (SELECT COALESCE(sum(line_total), 0) FROM purchase_order_lines WHERE purchase_order_id = $1) WHERE id = $1`, [po.id]);
      await manager.query(`UPDATE reorder_recommendations SET purchase_order_id = $1 WHERE id = ANY($2)`, [po.id, poLines.map((l) => l.recommendation_id)]);
      if (autoApproved) {
        await manager.query(`UPDATE reorder_recommendations SET status = 'approved', decided_qty = recommended_qty, decided_by = 'system', decided_at = now() WHERE purchase_order_id = $1`, [po.id]);
      }
      await this.audit.append({ actor: 'system', action: 'purchase_order.drafted', entityType: 'purchase_order', entityId: po.id, payload: { poNumber: po_number, runId, lines: poLines.length, autoApproved } }, manager);
    }
    return bySupplier.size;
  }

  // ----- decisions

  async decideRecommendation(id: string, action: DecisionAction, actor: string, input: { quantity?: string | null; reason?: string | null }) {
    const quantity = input.quantity === undefined || input.quantity === null ? null : check(parseDecimal(input.quantity, { field: 'quantity', min: 0, maxScale: QUANTITY_SCALE, maxIntegerDigits: QUANTITY_INTEGER_DIGITS }));
    const reason = input.reason === undefined || input.reason === null ? null : check(parseText(input.reason, { field: 'reason', maxLength: 1000 }));
    if (action === 'adjust' && quantity === null) throw BadInputError.field('quantity', 'is required to adjust');
    if ((action === 'adjust' || action === 'reject') && !reason) throw BadInputError.field('reason', 'is required');
    return this.db.transaction(async (tx) => {
      const [rec]: { id: string; status: string; recommended_qty: string; purchase_order_id: string | null; po_status: string | null }[] = await tx.query(
        `SELECT r.id, r.status, r.recommended_qty, r.purchase_order_id, p.status AS po_status
           FROM reorder_recommendations r LEFT JOIN purchase_orders p ON p.id = r.purchase_order_id WHERE r.id = $1 FOR UPDATE OF r`,
        [id],
      );
      if (!rec) throw new NotFoundError('recommendation', id);
      if (rec.status !== 'open') throw new ConflictError(`recommendation ${id} is ${rec.status}; only open recommendations can be decided`);
      const status = action === 'approve' ? (quantity !== null && Number(quantity) !== Number(rec.recommended_qty) ? 'adjusted' : 'approved') : action === 'adjust' ? 'adjusted' : 'rejected';
      const decidedQty = action === 'reject' ? '0' : quantity ?? rec.recommended_qty;
      await tx.query(`UPDATE reorder_recommendations SET status = $2, decided_qty = $3, decided_by = $4, decided_at = now(), decision_reason = $5 WHERE id = $1`, [id, status, decidedQty, actor, reason]);
      // Keep a still-pending PO in step with the decision.
      if (rec.purchase_order_id && rec.po_status === 'pending_approval') {
        if (Number(decidedQty) > 0) {
          await tx.query(`UPDATE purchase_order_lines SET quantity = $2, line_total = round($2 * unit_cost, 2) WHERE recommendation_id = $1`, [id, decidedQty]);
        } else {
          await tx.query(`DELETE FROM purchase_order_lines WHERE recommendation_id = $1`, [id]);
        }
        await tx.query(`UPDATE purchase_orders SET total_cost = (SELECT COALESCE(sum(line_total), 0) FROM purchase_order_lines WHERE purchase_order_id = $1) WHERE id = $1`, [rec.purchase_order_id]);
      }
      await this.audit.append({ actor, action: `recommendation.${status}`, entityType: 'recommendation', entityId: id, payload: { recommendedQty: rec.recommended_qty, decidedQty, reason } }, tx);
      return id;
    });
  }

  async decidePurchaseOrder(id: string, action: 'approve' | 'reject' | 'receive', actor: string, reason?: string | null) {
    if (action === 'reject' && !reason?.trim()) throw BadInputError.field('reason', 'is required');
    return this.db.transaction(async (tx) => {
      const [po]: { id: string; status: string; po_number: string }[] = await tx.query(`SELECT id, status, po_number FROM purchase_orders WHERE id = $1 FOR UPDATE`, [id]);
      if (!po) throw new NotFoundError('purchase order', id);
      const from = action === 'receive' ? 'approved' : 'pending_approval';
      if (po.status !== from) throw new ConflictError(`purchase order ${po.po_number} is ${po.status}; it can be ${action === 'receive' ? 'received' : action + 'd'} only when ${from}`);
      if (action === 'approve') {
        const [{ n }]: { n: number }[] = await tx.query(`SELECT count(*)::int AS n FROM purchase_order_lines WHERE purchase_order_id = $1`, [id]);
        if (n === 0) throw new ConflictError(`purchase order ${po.po_number} has no lines left`);
        await tx.query(`UPDATE purchase_orders SET status = 'approved', decided_by = $2, decided_at = now() WHERE id = $1`, [id, actor]);
      } else if (action === 'reject') {
        await tx.query(`UPDATE purchase_orders SET status = 'rejected', decided_by = $2, decided_at = now(), decision_reason = $3 WHERE id = $1`, [id, actor, reason]);
      } else {
        // Receiving adds every line to on-hand stock; the PO stops counting as on order.
        await tx.query(
          `UPDATE inventory_items i SET on_hand = i.on_hand + l.quantity, updated_at = now()
             FROM purchase_order_lines l WHERE l.purchase_order_id = $1 AND l.item_id = i.id`,
          [id],
        );
        await tx.query(`UPDATE purchase_orders SET status = 'received', received_by = $2, received_at = now() WHERE id = $1`, [id, actor]);
      }
      const status = { approve: 'approved', reject: 'rejected', receive: 'received' }[action];
      await this.audit.append({ actor, action: `purchase_order.${status}`, entityType: 'purchase_order', entityId: id, payload: { poNumber: po.po_number, from: po.status, to: status, reason: reason ?? null } }, tx);
      return id;
    });
  }
}

function check<T>(result: { ok: true; value: T } | { ok: false; error: { field: string; message: string } }): T {
  if (!result.ok) throw BadInputError.field(result.error.field, result.error.message);
  return result.value;
}
