import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { PurchaseOrder, Recommendation } from './dto/reorder.types';

export interface NewRecommendation {
  runId: string;
  itemId: string;
  forecastId: string;
  sku: string;
  itemName: string;
  supplierId: string | null;
  unitCost: string;
  leadTimeDays: number;
  abcClass: string;
  serviceLevel: number;
  safetyStock: string;
  reorderPoint: string;
  orderUpTo: string;
  stockPosition: string;
  recommendedQty: string;
  daysToStockout: string | null;
  priority: string;
  inputs: unknown;
  status: 'open' | 'no_action';
}

export interface RecommendationQuery {
  runId: string | null;
  priority: string | null;
  status: string | null;
  abcClass: string | null;
  after: [number, string, string] | null;
  limit: number;
}

export interface DraftLine {
  recommendationId: string;
  itemId: string;
  supplierId: string;
  supplierName: string;
  sku: string;
  quantity: string;
  unitCost: string;
  leadTimeDays: number;
  priority: string;
  abcClass: string;
  daysToStockout: string | null;
}

const REC_COLUMNS = `r.id, r.run_id AS "runId", r.item_id AS "itemId", r.sku, r.item_name AS "itemName", r.abc_class AS "abcClass", r.service_level::float8 AS "serviceLevel",
  r.safety_stock AS "safetyStock", r.reorder_point AS "reorderPoint", r.order_up_to AS "orderUpTo", r.stock_position AS "stockPosition",
  r.recommended_qty AS "recommendedQty", r.days_to_stockout AS "daysToStockout", r.priority, r.status, r.decided_qty AS "decidedQty",
  r.decided_by AS "decidedBy", r.decided_at AS "decidedAt", r.decision_reason AS "decisionReason", r.purchase_order_id AS "purchaseOrderId",
  r.inputs, r.created_at AS "createdAt"`;

// Most urgent first, then SKU: the cursor is the (priority rank, sku, id) of the last row.
// reorder_recommendations_run_rank_idx (migration 1764500200000) indexes this expression: change both together.
const PRIORITY_RANK = `CASE r.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`;

/** The reorder module's SQL: `reorder_recommendations`, `purchase_orders`, `purchase_order_lines`. */
/** What the learning module's KPIs read of a recommendation. */
export interface RecommendationFacts {
  itemId: string;
  status: 'open' | 'approved' | 'adjusted' | 'rejected' | 'no_action' | 'superseded';
  recommendedQty: number;
  decidedQty: number | null;
  decidedBy: string | null;
  createdAt: Date;
  decidedAt: Date | null;
  orderUpTo: number;
}

@Injectable()
export class ReorderRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ----- recommendations

  async insertRecommendations(rows: readonly NewRecommendation[], manager: EntityManager): Promise<void> {
    if (rows.length === 0) return;
    const col = <K extends keyof NewRecommendation>(k: K) => rows.map((r) => r[k]);
    await manager.query(
      `INSERT INTO reorder_recommendations (run_id, item_id, forecast_id, sku, item_name, supplier_id, unit_cost, lead_time_days, abc_class, service_level,
          safety_stock, reorder_point, order_up_to, stock_position, recommended_qty, days_to_stockout, priority, inputs, status)
       SELECT * FROM unnest($1::uuid[], $2::uuid[], $3::uuid[], $4::text[], $5::text[], $6::uuid[], $7::numeric[], $8::int[], $9::text[], $10::numeric[],
                            $11::numeric[], $12::numeric[], $13::numeric[], $14::numeric[], $15::numeric[], $16::numeric[], $17::text[], $18::jsonb[], $19::text[])`,
      [col('runId'), col('itemId'), col('forecastId'), col('sku'), col('itemName'), col('supplierId'), col('unitCost'), col('leadTimeDays'), col('abcClass'), col('serviceLevel'),
        col('safetyStock'), col('reorderPoint'), col('orderUpTo'), col('stockPosition'), col('recommendedQty'), col('daysToStockout'), col('priority'),
        rows.map((r) => JSON.stringify(r.inputs)), col('status')],
    );
  }

  /** Older open recommendations of the items this run recommended for: replaced by the new ones. */
  async supersedeOlderRecommendations(runId: string, manager: EntityManager): Promise<number> {
    const [rows]: [unknown[], number] = await manager.query(
      `UPDATE reorder_recommendations o SET status = 'superseded'
        WHERE o.status = 'open' AND o.run_id <> $1 AND EXISTS (SELECT 1 FROM reorder_recommendations n WHERE n.run_id = $1 AND n.item_id = o.item_id)
        RETURNING 1`,
      [runId],
    );
    return rows.length;
  }

  /**
   * Pending drafts of earlier runs: superseded (they can no longer be approved), and their still
   * open recommendations unlinked so this run's drafting carries them over.
   */
  async supersedeOlderDrafts(runId: string, manager: EntityManager): Promise<string[]> {
    const [rows]: [{ id: string }[], number] = await manager.query(
      `UPDATE purchase_orders SET status = 'superseded' WHERE status = 'pending_approval' AND run_id IS DISTINCT FROM $1 RETURNING id`,
      [runId],
    );
    const ids = rows.map((r) => r.id);
    if (ids.length) await manager.query(`UPDATE reorder_recommendations SET purchase_order_id = NULL WHERE purchase_order_id = ANY($1) AND status = 'open'`, [ids]);
    return ids;
  }

  async listRecommendations(q: RecommendationQuery): Promise<(Recommendation & { rank: number })[]> {
    return this.db.query(
      `SELECT ${REC_COLUMNS}, ${PRIORITY_RANK} AS rank FROM reorder_recommendations r
        WHERE r.run_id = COALESCE($1::uuid, (SELECT run_id FROM reorder_recommendations ORDER BY created_at DESC LIMIT 1))
          AND ($2::text IS NULL OR r.priority = $2) AND ($3::text IS NULL OR r.status = $3) AND ($4::text IS NULL OR r.abc_class = $4)
          AND ($5::int IS NULL OR (${PRIORITY_RANK}, r.sku COLLATE "C", r.id) > ($5::int, $6::text COLLATE "C", $7::uuid))
        ORDER BY rank, r.sku COLLATE "C", r.id LIMIT $8`,
      [q.runId, q.priority, q.status, q.abcClass, q.after?.[0] ?? null, q.after?.[1] ?? null, q.after?.[2] ?? null, q.limit],
    );
  }

  async recommendation(id: string): Promise<Recommendation | null> {
    const [row] = await this.db.query(`SELECT ${REC_COLUMNS} FROM reorder_recommendations r WHERE r.id = $1`, [id]);
    return row ?? null;
  }

  async lockRecommendation(
    id: string,
    manager: EntityManager,
  ): Promise<{ id: string; itemId: string; runId: string; createdAt: Date; status: string; recommendedQty: string; purchaseOrderId: string | null; poStatus: string | null; poNumber: string | null } | null> {
    const [row] = await manager.query(
      `SELECT r.id, r.item_id AS "itemId", r.run_id AS "runId", r.created_at AS "createdAt", r.status, r.recommended_qty AS "recommendedQty", r.purchase_order_id AS "purchaseOrderId", p.status AS "poStatus", p.po_number AS "poNumber"
         FROM reorder_recommendations r LEFT JOIN purchase_orders p ON p.id = r.purchase_order_id WHERE r.id = $1 FOR UPDATE OF r`,
      [id],
    );
    return row ?? null;
  }

  async setDecision(id: string, status: string, decidedQty: string, actor: string, reason: string | null, at: Date, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE reorder_recommendations SET status = $2, decided_qty = $3, decided_by = $4, decided_at = $6, decision_reason = $5 WHERE id = $1`, [id, status, decidedQty, actor, reason, at]);
  }

  /** Decides every still-open recommendation on a PO with the PO's decision. */
  async decideOpenRecommendationsOfOrder(poId: string, status: 'approved' | 'rejected', actor: string, reason: string | null, at: Date, manager: EntityManager): Promise<number> {
    const [rows]: [unknown[], number] = await manager.query(
      `UPDATE reorder_recommendations SET status = $2, decided_qty = CASE WHEN $2 = 'rejected' THEN 0 ELSE recommended_qty END, decided_by = $3, decided_at = $5, decision_reason = $4
        WHERE purchase_order_id = $1 AND status = 'open' RETURNING 1`,
      [poId, status, actor, reason, at],
    );
    return rows.length;
  }

  async openRecommendationCounts(): Promise<Record<string, number>> {
    const rows: { priority: string; n: number }[] = await this.db.query(`SELECT priority, count(*)::int AS n FROM reorder_recommendations WHERE status = 'open' GROUP BY priority`);
    return Object.fromEntries(rows.map((r) => [r.priority, r.n]));
  }

  async reportLines(runId: string, priority: string, limit: number): Promise<{ sku: string; name: string; recommendedQty: string; daysToStockout: string | null }[]> {
    return this.db.query(
      `SELECT sku, item_name AS name, recommended_qty AS "recommendedQty", days_to_stockout AS "daysToStockout" FROM reorder_recommendations
        WHERE run_id = $1 AND priority = $2 ORDER BY days_to_stockout NULLS LAST, sku LIMIT $3`,
      [runId, priority, limit],
    );
  }

  // ----- purchase orders

  /** Open (approved, not yet received) purchase-order quantity per item. */
  async onOrder(itemIds: readonly string[], manager: EntityManager = this.db.manager): Promise<Map<string, number>> {
    const rows: { item_id: string; qty: string }[] = await manager.query(
      `SELECT l.item_id, sum(l.quantity) AS qty FROM purchase_order_lines l JOIN purchase_orders p ON p.id = l.purchase_order_id
        WHERE p.status = 'approved' AND l.item_id = ANY($1) GROUP BY l.item_id`,
      [[...itemIds]],
    );
    return new Map(rows.map((r) => [r.item_id, Number(r.qty)]));
  }

  /**
   * Open recommendations that order something and are on no PO (this run's, and older ones whose
   * draft was superseded), skipping suppliers that already have this run's PO (a retry).
   */
  async draftLines(runId: string, manager: EntityManager): Promise<Omit<DraftLine, 'supplierName'>[]> {
    return manager.query(
      `SELECT r.id AS "recommendationId", r.item_id AS "itemId", r.supplier_id AS "supplierId", r.sku, r.recommended_qty AS quantity,
              r.unit_cost AS "unitCost", r.lead_time_days AS "leadTimeDays", r.priority, r.abc_class AS "abcClass", r.days_to_stockout AS "daysToStockout"
         FROM reorder_recommendations r
        WHERE r.status = 'open' AND r.recommended_qty > 0 AND r.purchase_order_id IS NULL AND r.supplier_id IS NOT NULL AND NOT r.awaiting_decision
          AND NOT EXISTS (SELECT 1 FROM purchase_orders p WHERE p.run_id = $1 AND p.supplier_id = r.supplier_id AND p.origin <> 'decision')
        ORDER BY r.supplier_id, r.sku`,
      [runId],
    );
  }

  /** Marks recommendations as waiting for a person's decision (held off the PO drafts). */
  async holdForDecision(recommendationIds: readonly string[], manager: EntityManager): Promise<void> {
    if (recommendationIds.length === 0) return;
    await manager.query(`UPDATE reorder_recommendations SET awaiting_decision = true WHERE id = ANY($1)`, [[...recommendationIds]]);
  }

  /** A held recommendation, once decided, as a PO line (null when it is not held or already on a PO). */
  async heldLine(recommendationId: string, manager: EntityManager): Promise<Omit<DraftLine, 'supplierName'> | null> {
    const [row] = await manager.query(
      `SELECT r.id AS "recommendationId", r.item_id AS "itemId", r.supplier_id AS "supplierId", r.sku, r.decided_qty AS quantity,
              r.unit_cost AS "unitCost", r.lead_time_days AS "leadTimeDays", r.priority, r.abc_class AS "abcClass", r.days_to_stockout AS "daysToStockout"
         FROM reorder_recommendations r
        WHERE r.id = $1 AND r.awaiting_decision AND r.purchase_order_id IS NULL AND r.supplier_id IS NOT NULL`,
      [recommendationId],
    );
    return row ?? null;
  }

  async nextPoNumber(compactDay: string, manager: EntityManager): Promise<string> {
    const [{ po_number }]: { po_number: string }[] = await manager.query(`SELECT 'PO-' || $1 || '-' || lpad(nextval('purchase_order_number_seq')::text, 6, '0') AS po_number`, [compactDay]);
    return po_number;
  }

  async insertPurchaseOrder(
    po: { poNumber: string; supplierId: string; supplierName: string; runId: string; approvedBy: string | null; at: Date; origin: 'draft' | 'auto_approved' | 'decision' },
    lines: readonly { itemId: string; sku: string; recommendationId: string; quantity: string; unitCost: string; lineTotal: string; expectedDelivery: string; notes: string }[],
    manager: EntityManager,
  ): Promise<string> {
    const [row]: { id: string }[] = await manager.query(
      `INSERT INTO purchase_orders (po_number, supplier_id, supplier_name, run_id, status, total_cost, created_at, decided_by, decided_at, origin)
       VALUES ($1, $2, $3, $4, $5, 0, $7, $6, CASE WHEN $6::text IS NULL THEN NULL ELSE $7::timestamptz END, $8) RETURNING id`,
      [po.poNumber, po.supplierId, po.supplierName, po.runId, po.approvedBy ? 'approved' : 'pending_approval', po.approvedBy, po.at, po.origin],
    );
    await manager.query(
      `INSERT INTO purchase_order_lines (purchase_order_id, item_id, sku, recommendation_id, quantity, unit_cost, line_total, expected_delivery, notes)
       SELECT $1, * FROM unnest($2::uuid[], $3::text[], $4::uuid[], $5::numeric[], $6::numeric[], $7::numeric[], $8::date[], $9::text[])`,
      [row.id, lines.map((l) => l.itemId), lines.map((l) => l.sku), lines.map((l) => l.recommendationId), lines.map((l) => l.quantity), lines.map((l) => l.unitCost),
        lines.map((l) => l.lineTotal), lines.map((l) => l.expectedDelivery), lines.map((l) => l.notes)],
    );
    await this.refreshTotal(row.id, manager);
    await manager.query(`UPDATE reorder_recommendations SET purchase_order_id = $1 WHERE id = ANY($2)`, [row.id, lines.map((l) => l.recommendationId)]);
    return row.id;
  }

  async refreshTotal(poId: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE purchase_orders SET total_cost = (SELECT COALESCE(sum(line_total), 0) FROM purchase_order_lines WHERE purchase_order_id = $1) WHERE id = $1`, [poId]);
  }

  async setLineQuantity(recommendationId: string, quantity: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE purchase_order_lines SET quantity = $2, line_total = round($2 * unit_cost, 2) WHERE recommendation_id = $1`, [recommendationId, quantity]);
  }

  async deleteLine(recommendationId: string, manager: EntityManager): Promise<void> {
    await manager.query(`DELETE FROM purchase_order_lines WHERE recommendation_id = $1`, [recommendationId]);
    await manager.query(`UPDATE reorder_recommendations SET purchase_order_id = NULL WHERE id = $1`, [recommendationId]);
  }

  async lockPurchaseOrder(id: string, manager: EntityManager): Promise<{ id: string; status: string; poNumber: string; lines: number } | null> {
    const [po] = await manager.query(
      `SELECT id, status, po_number AS "poNumber", (SELECT count(*)::int FROM purchase_order_lines l WHERE l.purchase_order_id = p.id) AS lines
         FROM purchase_orders p WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return po ?? null;
  }

  async setPurchaseOrderStatus(id: string, status: string, actor: string, reason: string | null, at: Date, manager: EntityManager): Promise<void> {
    if (status === 'received') {
      await manager.query(`UPDATE purchase_orders SET status = 'received', received_by = $2, received_at = $3 WHERE id = $1`, [id, actor, at]);
    } else {
      await manager.query(`UPDATE purchase_orders SET status = $2, decided_by = $3, decided_at = $5, decision_reason = $4 WHERE id = $1`, [id, status, actor, reason, at]);
    }
  }

  async orderLines(poId: string, manager: EntityManager): Promise<{ itemId: string; quantity: string }[]> {
    return manager.query(`SELECT item_id AS "itemId", quantity FROM purchase_order_lines WHERE purchase_order_id = $1`, [poId]);
  }

  /** Recommendations created since `since`, the facts the learning module's KPIs need. */
  async recommendationFacts(since: Date): Promise<RecommendationFacts[]> {
    return this.db.query(
      `SELECT item_id AS "itemId", status, recommended_qty::float8 AS "recommendedQty", decided_qty::float8 AS "decidedQty", decided_by AS "decidedBy",
              created_at AS "createdAt", decided_at AS "decidedAt", order_up_to::float8 AS "orderUpTo"
         FROM reorder_recommendations WHERE created_at >= $1`,
      [since],
    );
  }

  /** The newest recommendation's order-up-to level per item. */
  async latestOrderUpTo(): Promise<Map<string, number>> {
    const rows: { item_id: string; order_up_to: number }[] = await this.db.query(
      `SELECT DISTINCT ON (item_id) item_id, order_up_to::float8 AS order_up_to FROM reorder_recommendations ORDER BY item_id, created_at DESC`,
    );
    return new Map(rows.map((r) => [r.item_id, r.order_up_to]));
  }

  /** Status and decider of the purchase orders created since `since`. */
  async purchaseOrderFacts(since: Date): Promise<{ status: string; decidedBy: string | null }[]> {
    return this.db.query(`SELECT status, decided_by AS "decidedBy" FROM purchase_orders WHERE created_at >= $1`, [since]);
  }

  async purchaseOrderCounts(): Promise<Record<string, number>> {
    const rows: { status: string; n: number }[] = await this.db.query(`SELECT status, count(*)::int AS n FROM purchase_orders GROUP BY status`);
    return Object.fromEntries(rows.map((r) => [r.status, r.n]));
  }

  /** POs and all their lines in two queries. `where` is a fixed fragment over alias p; values go in params. */
  async purchaseOrders(where: string, params: unknown[]): Promise<PurchaseOrder[]> {
    const orders: Omit<PurchaseOrder, 'lines'>[] = await this.db.query(
      `SELECT p.id, p.po_number AS "poNumber", p.supplier_name AS "supplierName", p.run_id AS "runId", p.status, p.total_cost AS "totalCost", p.created_at AS "createdAt",
              p.decided_by AS "decidedBy", p.decided_at AS "decidedAt", p.decision_reason AS "decisionReason", p.received_at AS "receivedAt"
         FROM purchase_orders p WHERE ${where}`,
      params,
    );
    if (orders.length === 0) return [];
    const lines: (PurchaseOrder['lines'][number] & { poId: string })[] = await this.db.query(
      `SELECT l.id, l.purchase_order_id AS "poId", l.sku, l.quantity, l.unit_cost AS "unitCost", l.line_total AS "lineTotal",
              l.expected_delivery AS "expectedDelivery", l.notes, l.recommendation_id AS "recommendationId"
         FROM purchase_order_lines l WHERE l.purchase_order_id = ANY($1) ORDER BY l.sku`,
      [orders.map((o) => o.id)],
    );
    return orders.map((o) => ({ ...o, lines: lines.filter((l) => l.poId === o.id) }));
  }

  // ----- the console: a SKU's newest recommendation, recommendations' suppliers, one PO line

  async latestRecommendationId(sku: string): Promise<string | null> {
    const [row]: { id: string }[] = await this.db.query(`SELECT id FROM reorder_recommendations WHERE sku = $1 ORDER BY created_at DESC, id LIMIT 1`, [sku]);
    return row?.id ?? null;
  }

  async supplierIdsOfRecommendations(ids: readonly string[]): Promise<Map<string, string | null>> {
    const rows: { id: string; supplierId: string | null }[] = await this.db.query(`SELECT id, supplier_id AS "supplierId" FROM reorder_recommendations WHERE id = ANY($1)`, [[...ids]]);
    return new Map(rows.map((r) => [r.id, r.supplierId]));
  }

  /** A PO line with its order locked (FOR UPDATE) and the line's recommendation, if any. */
  async lockLine(
    lineId: string,
    manager: EntityManager,
  ): Promise<{ purchaseOrderId: string; poNumber: string; poStatus: string; sku: string; quantity: string; recommendationId: string | null; recommendationStatus: string | null } | null> {
    const [line] = await manager.query(
      `SELECT l.purchase_order_id AS "purchaseOrderId", l.sku, l.quantity, l.recommendation_id AS "recommendationId" FROM purchase_order_lines l WHERE l.id = $1`,
      [lineId],
    );
    if (!line) return null;
    const [po] = await manager.query(`SELECT po_number AS "poNumber", status FROM purchase_orders WHERE id = $1 FOR UPDATE`, [line.purchaseOrderId]);
    const [rec] = line.recommendationId ? await manager.query(`SELECT status FROM reorder_recommendations WHERE id = $1 FOR UPDATE`, [line.recommendationId]) : [];
    return { ...line, poNumber: po.poNumber, poStatus: po.status, recommendationStatus: rec?.status ?? null };
  }

  async setLineQuantityById(lineId: string, quantity: string, manager: EntityManager): Promise<void> {
    await manager.query(`UPDATE purchase_order_lines SET quantity = $2, line_total = round($2 * unit_cost, 2) WHERE id = $1`, [lineId, quantity]);
  }
}
