import { Args, ID, Int, Mutation, Query, Resolver } from '@nestjs/graphql';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { DecimalScalar } from '../common/decimal.scalar';
import { BadInputError, NotFoundError } from '../common/errors';
import { tupleCursorArg } from '../common/input-checks';
import { checkUuid } from '../forecast/forecast.resolver';
import { AuthUser } from '../security/auth-user';
import { CurrentUser } from '../security/current-user.decorator';
import { Roles } from '../security/roles.decorator';
import { PurchaseOrder, PurchaseOrderStatusEnum, Recommendation, RecommendationConnection, RecommendationFilter } from './dto/reorder.types';
import { ReorderService } from './reorder.service';

const REC_COLUMNS = `r.id, r.run_id AS "runId", i.sku, i.name AS "itemName", r.abc_class AS "abcClass", r.service_level::float8 AS "serviceLevel",
  r.safety_stock AS "safetyStock", r.reorder_point AS "reorderPoint", r.order_up_to AS "orderUpTo", r.stock_position AS "stockPosition",
  r.recommended_qty AS "recommendedQty", r.days_to_stockout AS "daysToStockout", r.priority, r.status, r.decided_qty AS "decidedQty",
  r.decided_by AS "decidedBy", r.decided_at AS "decidedAt", r.decision_reason AS "decisionReason", r.purchase_order_id AS "purchaseOrderId",
  r.inputs, r.created_at AS "createdAt"`;

// Most urgent first, then SKU: the cursor is the (priority rank, sku, id) of the last row.
const PRIORITY_RANK = `CASE r.priority WHEN 'urgent' THEN 0 WHEN 'high' THEN 1 WHEN 'medium' THEN 2 ELSE 3 END`;

@Resolver()
export class ReorderResolver {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly reorder: ReorderService,
  ) {}

  @Query(() => RecommendationConnection, { description: 'Recommendations of one run (default: the newest run), most urgent first.' })
  async recommendations(
    @Args('filter', { nullable: true }) filter?: RecommendationFilter,
    @Args('first', { type: () => Int, defaultValue: 50 }) first = 50,
    @Args('after', { nullable: true }) after?: string,
  ): Promise<RecommendationConnection> {
    if (first < 1 || first > 500) throw BadInputError.field('first', 'must be between 1 and 500');
    const cursor = tupleCursorArg(after, 'after', ['int', 'text', 'uuid']) as [number, string, string] | null;
    const runId = filter?.runId ? checkUuid(filter.runId, 'filter.runId') : null;
    const rows: (Recommendation & { rank: number })[] = await this.db.query(
      `SELECT ${REC_COLUMNS}, ${PRIORITY_RANK} AS rank FROM reorder_recommendations r JOIN inventory_items i ON i.id = r.item_id
        WHERE r.run_id = COALESCE($1::uuid, (SELECT id FROM forecast_runs ORDER BY started_at DESC LIMIT 1))
          AND ($2::text IS NULL OR r.priority = $2) AND ($3::text IS NULL OR r.status = $3) AND ($4::text IS NULL OR r.abc_class = $4)
          AND ($5::int IS NULL OR (${PRIORITY_RANK}, i.sku COLLATE "C", r.id) > ($5::int, $6::text COLLATE "C", $7::uuid))
        ORDER BY rank, i.sku COLLATE "C", r.id LIMIT $8`,
      [runId, filter?.priority ?? null, filter?.status ?? null, filter?.abcClass ?? null, cursor?.[0] ?? null, cursor?.[1] ?? null, cursor?.[2] ?? null, first + 1],
    );
    const nodes = rows.slice(0, first);
    const last = nodes[nodes.length - 1];
    return {
      nodes,
      pageInfo: { hasNextPage: rows.length > first, endCursor: last ? Buffer.from(JSON.stringify([last.rank, last.sku, last.id])).toString('base64url') : null },
    };
  }

  @Query(() => [PurchaseOrder], { description: 'Newest first, with their lines.' })
  async purchaseOrders(
    @Args('status', { type: () => PurchaseOrderStatusEnum, nullable: true }) status?: PurchaseOrderStatusEnum,
    @Args('first', { type: () => Int, defaultValue: 50 }) first = 50,
  ): Promise<PurchaseOrder[]> {
    if (first < 1 || first > 500) throw BadInputError.field('first', 'must be between 1 and 500');
    return this.loadPurchaseOrders(`($1::text IS NULL OR p.status = $1) ORDER BY p.created_at DESC, p.po_number LIMIT $2`, [status ?? null, first]);
  }

  @Roles('approver')
  @Mutation(() => Recommendation, { description: 'Approves a recommendation, optionally with another quantity.' })
  async approveRecommendation(
    @Args('id', { type: () => ID }) id: string,
    @CurrentUser() user: AuthUser,
    @Args('quantity', { type: () => DecimalScalar, nullable: true }) quantity?: string,
  ): Promise<Recommendation> {
    return this.recommendation(await this.reorder.decideRecommendation(checkUuid(id), 'approve', user.username, { quantity }));
  }

  @Roles('approver')
  @Mutation(() => Recommendation)
  async rejectRecommendation(@Args('id', { type: () => ID }) id: string, @Args('reason') reason: string, @CurrentUser() user: AuthUser): Promise<Recommendation> {
    return this.recommendation(await this.reorder.decideRecommendation(checkUuid(id), 'reject', user.username, { reason }));
  }

  @Roles('approver')
  @Mutation(() => Recommendation)
  async adjustRecommendation(
    @Args('id', { type: () => ID }) id: string,
    @Args('quantity', { type: () => DecimalScalar }) quantity: string,
    @Args('reason') reason: string,
    @CurrentUser() user: AuthUser,
  ): Promise<Recommendation> {
    return this.recommendation(await this.reorder.decideRecommendation(checkUuid(id), 'adjust', user.username, { quantity, reason }));
  }

  @Roles('approver')
  @Mutation(() => PurchaseOrder)
  async approvePurchaseOrder(@Args('id', { type: () => ID }) id: string, @CurrentUser() user: AuthUser): Promise<PurchaseOrder> {
    return this.purchaseOrder(await this.reorder.decidePurchaseOrder(checkUuid(id), 'approve', user.username));
  }

  @Roles('approver')
  @Mutation(() => PurchaseOrder)
  async rejectPurchaseOrder(@Args('id', { type: () => ID }) id: string, @Args('reason') reason: string, @CurrentUser() user: AuthUser): Promise<PurchaseOrder> {
    return this.purchaseOrder(await this.reorder.decidePurchaseOrder(checkUuid(id), 'reject', user.username, reason));
  }

  @Roles('approver')
  @Mutation(() => PurchaseOrder, { description: 'Marks an approved PO received: adds its lines to on-hand stock and clears them from on order.' })
  async receivePurchaseOrder(@Args('id', { type: () => ID }) id: string, @CurrentUser() user: AuthUser): Promise<PurchaseOrder> {
    return this.purchaseOrder(await this.reorder.decidePurchaseOrder(checkUuid(id), 'receive', user.username));
  }

  private async recommendation(id: string): Promise<Recommendation> {
    const [row] = await this.db.query(`SELECT ${REC_COLUMNS} FROM reorder_recommendations r JOIN inventory_items i ON i.id = r.item_id WHERE r.id = $1`, [id]);
    if (!row) throw new NotFoundError('recommendation', id);
    return row;
  }

  private async purchaseOrder(id: string): Promise<PurchaseOrder> {
    const [po] = await this.loadPurchaseOrders(`p.id = $1`, [id]);
    if (!po) throw new NotFoundError('purchase order', id);
    return po;
  }

  /** POs and all their lines in two queries. */
  private async loadPurchaseOrders(where: string, params: unknown[]): Promise<PurchaseOrder[]> {
    const orders: Omit<PurchaseOrder, 'lines'>[] = await this.db.query(
      `SELECT p.id, p.po_number AS "poNumber", s.name AS "supplierName", p.run_id AS "runId", p.status, p.total_cost AS "totalCost", p.created_at AS "createdAt",
              p.decided_by AS "decidedBy", p.decided_at AS "decidedAt", p.decision_reason AS "decisionReason", p.received_at AS "receivedAt"
         FROM purchase_orders p JOIN suppliers s ON s.id = p.supplier_id WHERE ${where}`,
      params,
    );
    if (orders.length === 0) return [];
    const lines: (PurchaseOrder['lines'][number] & { poId: string })[] = await this.db.query(
      `SELECT l.id, l.purchase_order_id AS "poId", i.sku, l.quantity, l.unit_cost AS "unitCost", l.line_total AS "lineTotal",
              l.expected_delivery AS "expectedDelivery", l.notes, l.recommendation_id AS "recommendationId"
         FROM purchase_order_lines l JOIN inventory_items i ON i.id = l.item_id WHERE l.purchase_order_id = ANY($1) ORDER BY i.sku`,
      [orders.map((o) => o.id)],
    );
    return orders.map((o) => ({ ...o, lines: lines.filter((l) => l.poId === o.id) }));
  }
}
