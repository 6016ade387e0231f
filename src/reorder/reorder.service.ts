import { Inject, Injectable, Logger } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock, CLOCK, utcToday } from '../clock/clock';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { addDays } from '../common/iso-date';
import { parseDecimal, QUANTITY_INTEGER_DIGITS, QUANTITY_SCALE } from '../common/parse/decimal';
import { parseText } from '../common/parse/text';
import { ItemForPolicy } from '../inventory/inventory.repository';
import { InventoryService } from '../inventory/inventory.service';
import { classifyAbc } from './abc';
import { PurchaseOrder, Recommendation } from './dto/reorder.types';
import { recommendReorder, ReorderRecommendation, targetServiceLevel, WeeklyDemandForecast } from './policy';
import { DraftLine, NewRecommendation, RecommendationFacts, RecommendationQuery, ReorderRepository } from './reorder.repository';
import { routeLine } from './phase-rules';
import { DECISION_FEEDBACK_SINK, DecisionFeedbackSink } from '../learning/decision-feedback.sink';

export type DecisionAction = 'approve' | 'adjust' | 'reject';

/**
 * ABC classification, the reorder policy applied to one item, recommendations, purchase-order
 * drafts and the approvers' decisions. The math is in policy.ts and abc.ts; the SQL in
 * reorder.repository.ts; this file holds the rules and the transactions.
 *
 * Decisions stay consistent both ways: approving or rejecting a PO decides its still-open
 * recommendations the same way; a recommendation whose PO is already approved (or received)
 * cannot be rejected or adjusted (CONFLICT) — the goods are ordered; change the PO instead.
 */
@Injectable()
export class ReorderService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: ReorderRepository,
    private readonly inventory: InventoryService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  /**
   * The learning loop's feedback sink (LearningService, global). Looked up on first use, not
   * injected: learning reads reorder's facts through this service, so a constructor dependency
   * would be a cycle. Absent (null) when no learning module is loaded.
   */
  private feedbackSink(): DecisionFeedbackSink | null {
    if (this.sink === undefined) {
      try {
        this.sink = this.moduleRef.get<DecisionFeedbackSink>(DECISION_FEEDBACK_SINK, { strict: false });
      } catch {
        this.sink = null;
      }
    }
    return this.sink;
  }
  private sink?: DecisionFeedbackSink | null;

  /**
   * ABC over all active items (abc.ts): value = last 52 weeks of usage × unit cost, stored on the
   * items through the inventory module. Returns the count per class.
   */
  async classifyAbc(lastWeekStart: string, manager: EntityManager): Promise<{ A: number; B: number; C: number }> {
    const values = await this.inventory.annualUsageValues(lastWeekStart, manager);
    const ids = new Map(values.map((v) => [v.sku, v.itemId]));
    const classes = classifyAbc(values.map((v) => ({ sku: v.sku, annualValue: v.annualValue })));
    await this.inventory.storeAbcClasses(classes.map((c) => ({ itemId: ids.get(c.sku)!, abcClass: c.abcClass, annualValue: c.annualValue, rank: c.rank })), manager);
    const counts = { A: 0, B: 0, C: 0 };
    for (const c of classes) counts[c.abcClass]++;
    return counts;
  }

  onOrder(itemIds: readonly string[], manager?: EntityManager): Promise<Map<string, number>> {
    return this.repository.onOrder(itemIds, manager);
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

  /** Computes and stores the recommendations of many items for a run, in the caller's transaction: one on-order query, one insert. */
  async recommendAndStoreMany(
    runId: string,
    entries: readonly { item: ItemForPolicy; forecastId: string; forecast: WeeklyDemandForecast }[],
    tx: EntityManager,
  ): Promise<Map<string, ReorderRecommendation>> {
    const onOrder = await this.repository.onOrder(entries.map((e) => e.item.id), tx);
    const recs = new Map<string, ReorderRecommendation>();
    const rows: NewRecommendation[] = entries.map(({ item, forecastId, forecast }) => {
      const rec = this.recommend(item, forecast, onOrder.get(item.id) ?? 0);
      recs.set(item.id, rec);
      return {
        runId,
        itemId: item.id,
        forecastId,
        sku: item.sku,
        itemName: item.name,
        supplierId: item.supplierId,
        unitCost: item.unitCost,
        leadTimeDays: item.leadTimeDays,
        abcClass: item.abcClass ?? 'C',
        serviceLevel: rec.inputs.serviceLevel,
        safetyStock: round3(rec.safetyStockUnits),
        reorderPoint: round3(rec.reorderPointUnits),
        orderUpTo: round3(rec.orderUpToUnits),
        stockPosition: round3(rec.stockPositionUnits),
        recommendedQty: round3(rec.orderQuantityUnits),
        // No demand → no stockout in sight → null (the policy caps the number for its own use).
        daysToStockout: Number.isFinite(rec.daysUntilStockout) && rec.demandPerDay > 0 ? Math.min(rec.daysUntilStockout, 9_999_999).toFixed(2) : null,
        priority: rec.priority,
        inputs: rec,
        status: rec.orderQuantityUnits > 0 ? 'open' : 'no_action',
      };
    });
    await this.repository.insertRecommendations(rows, tx);
    return recs;
  }

  /** After a run: its recommendations replace older open ones, and its drafts replace older pending drafts. */
  async supersedeOlder(runId: string, tx: EntityManager): Promise<{ recommendations: number; purchaseOrders: number }> {
    const recommendations = await this.repository.supersedeOlderRecommendations(runId, tx);
    const drafts = await this.repository.supersedeOlderDrafts(runId, tx);
    for (const id of drafts) await this.audit.append({ actor: 'system', action: 'purchase_order.superseded', entityType: 'purchase_order', entityId: id, payload: { byRun: runId } }, tx);
    return { recommendations, purchaseOrders: drafts.length };
  }

  /**
   * PO drafts for the open recommendations that order something and are on no PO, by the phase's
   * line rules (phase-rules.ts): urgent and high lines are held for a person's decision (no PO
   * until approved); the others go on one draft per supplier; in `auto`, each line of the others
   * worth at most AUTO_APPROVE_MAX_LINE_VALUE is approved by the system, on the supplier's
   * system-approved PO. Idempotent: a supplier that already has a PO of this run is skipped.
   * Returns the number of POs written.
   */
  async draftPurchaseOrders(runId: string, phase: string, today: string, tx: EntityManager): Promise<number> {
    if (phase !== 'draft' && phase !== 'auto') return 0;
    const lines = await this.repository.draftLines(runId, tx);
    const held = lines.filter((l) => routeLine(phase, l.priority, Number(l.quantity) * Number(l.unitCost), this.config.AUTO_APPROVE_MAX_LINE_VALUE, this.config.DECISION_PRIORITIES) === 'hold');
    await this.repository.holdForDecision(held.map((l) => l.recommendationId), tx);
    const names = await this.inventory.supplierNames([...new Set(lines.map((l) => l.supplierId))], tx);
    const groups = new Map<string, { supplierId: string; autoApproved: boolean; lines: typeof lines }>();
    for (const line of lines) {
      const route = routeLine(phase, line.priority, Number(line.quantity) * Number(line.unitCost), this.config.AUTO_APPROVE_MAX_LINE_VALUE, this.config.DECISION_PRIORITIES);
      if (route === 'hold') continue;
      const key = `${line.supplierId}|${route}`;
      const group = groups.get(key) ?? { supplierId: line.supplierId, autoApproved: route === 'auto_approve', lines: [] };
      group.lines.push(line);
      groups.set(key, group);
    }
    const now = this.clock.now();
    for (const { supplierId, autoApproved, lines: poLines } of groups.values()) {
      await this.writeOrder(runId, supplierId, names.get(supplierId) ?? 'unknown supplier', poLines, autoApproved ? 'system' : null, autoApproved ? 'auto_approved' : 'draft', today, now, tx);
    }
    return groups.size;
  }

  /** One PO with these lines; approved by `approvedBy` (its open recommendations decided with it) or pending approval. */
  private async writeOrder(
    runId: string,
    supplierId: string,
    supplierName: string,
    poLines: readonly Omit<DraftLine, 'supplierName'>[],
    approvedBy: string | null,
    origin: 'draft' | 'auto_approved' | 'decision',
    today: string,
    now: Date,
    tx: EntityManager,
  ): Promise<string> {
    const poNumber = await this.repository.nextPoNumber(today.replace(/-/g, ''), tx);
    const poId = await this.repository.insertPurchaseOrder(
      { poNumber, supplierId, supplierName, runId, approvedBy, at: now, origin },
      poLines.map((l) => ({
        itemId: l.itemId,
        sku: l.sku,
        recommendationId: l.recommendationId,
        quantity: l.quantity,
        unitCost: l.unitCost,
        lineTotal: (Number(l.quantity) * Number(l.unitCost)).toFixed(2),
        expectedDelivery: addDays(today, l.leadTimeDays),
        notes: `class ${l.abcClass}, priority ${l.priority}, ${l.daysToStockout === null ? 'no stockout in sight' : `${Number(l.daysToStockout).toFixed(1)} days to stockout`}`,
      })),
      tx,
    );
    if (approvedBy) await this.repository.decideOpenRecommendationsOfOrder(poId, 'approved', approvedBy, null, now, tx);
    await this.audit.append({ actor: approvedBy ?? 'system', action: 'purchase_order.drafted', entityType: 'purchase_order', entityId: poId, payload: { poNumber, runId, lines: poLines.length, autoApproved: approvedBy === 'system', approvedBy } }, tx);
    return poId;
  }

  // ----- reads

  listRecommendations(q: RecommendationQuery): ReturnType<ReorderRepository['listRecommendations']> {
    return this.repository.listRecommendations(q);
  }

  async recommendation(id: string): Promise<Recommendation> {
    const row = await this.repository.recommendation(id);
    if (!row) throw new NotFoundError('recommendation', id);
    return row;
  }

  purchaseOrders(status: string | null, first: number): Promise<PurchaseOrder[]> {
    return this.repository.purchaseOrders(`($1::text IS NULL OR p.status = $1) ORDER BY p.created_at DESC, p.po_number LIMIT $2`, [status, first]);
  }

  async purchaseOrder(id: string): Promise<PurchaseOrder> {
    const [po] = await this.repository.purchaseOrders(`p.id = $1`, [id]);
    if (!po) throw new NotFoundError('purchase order', id);
    return po;
  }

  openRecommendationCounts(): Promise<Record<string, number>> {
    return this.repository.openRecommendationCounts();
  }

  purchaseOrderCounts(): Promise<Record<string, number>> {
    return this.repository.purchaseOrderCounts();
  }

  // For the learning module's KPIs (feedback completeness, approval rate, conversion, automation, excess stock).
  recommendationFacts(since: Date): Promise<RecommendationFacts[]> {
    return this.repository.recommendationFacts(since);
  }

  latestOrderUpTo(): Promise<Map<string, number>> {
    return this.repository.latestOrderUpTo();
  }

  purchaseOrderFacts(since: Date): Promise<{ status: string; decidedBy: string | null }[]> {
    return this.repository.purchaseOrderFacts(since);
  }

  reportLines(runId: string, priority: string, limit = 200): Promise<{ sku: string; name: string; recommendedQty: string; daysToStockout: string | null }[]> {
    return this.repository.reportLines(runId, priority, limit);
  }

  // ----- decisions

  async decideRecommendation(id: string, action: DecisionAction, actor: string, input: { quantity?: string | null; reason?: string | null }) {
    const quantity = input.quantity === undefined || input.quantity === null ? null : check(parseDecimal(input.quantity, { field: 'quantity', min: 0, maxScale: QUANTITY_SCALE, maxIntegerDigits: QUANTITY_INTEGER_DIGITS }));
    const reason = input.reason === undefined || input.reason === null ? null : check(parseText(input.reason, { field: 'reason', maxLength: 1000 }));
    if (action === 'adjust' && quantity === null) throw BadInputError.field('quantity', 'is required to adjust');
    if ((action === 'adjust' || action === 'reject') && !reason) throw BadInputError.field('reason', 'is required');
    let reevaluation: { itemId: string; jobId: string } | null = null;
    const decided = await this.db.transaction(async (tx) => {
      const rec = await this.repository.lockRecommendation(id, tx);
      if (!rec) throw new NotFoundError('recommendation', id);
      if (rec.status !== 'open') throw new ConflictError(`recommendation ${id} is ${rec.status}; only open recommendations can be decided`);
      const status = action === 'approve' ? (quantity !== null && Number(quantity) !== Number(rec.recommendedQty) ? 'adjusted' : 'approved') : action === 'adjust' ? 'adjusted' : 'rejected';
      const decidedQty = action === 'reject' ? '0' : quantity ?? rec.recommendedQty;
      if (rec.purchaseOrderId && rec.poStatus !== 'pending_approval' && Number(decidedQty) !== Number(rec.recommendedQty)) {
        throw new ConflictError(`purchase order ${rec.poNumber} with this recommendation is ${rec.poStatus}; its quantity can no longer change`);
      }
      const decidedAt = this.clock.now();
      await this.repository.setDecision(id, status, decidedQty, actor, reason, decidedAt, tx);
      const feedback = await this.feedbackSink()?.recordDecision(
        { recommendationId: id, itemId: rec.itemId, runId: rec.runId, decision: status as 'approved' | 'adjusted' | 'rejected', recommendedQty: rec.recommendedQty, decidedQty, reason, decidedBy: actor, recommendedAt: new Date(rec.createdAt), decidedAt },
        tx,
      );
      if (feedback?.reevaluationJobId) reevaluation = { itemId: rec.itemId, jobId: feedback.reevaluationJobId };
      // Keep a still-pending PO in step with the decision: the line follows the quantity, or goes.
      if (rec.purchaseOrderId && rec.poStatus === 'pending_approval') {
        if (Number(decidedQty) > 0) await this.repository.setLineQuantity(id, decidedQty, tx);
        else await this.repository.deleteLine(id, tx);
        await this.repository.refreshTotal(rec.purchaseOrderId, tx);
      }
      // A line held for a person's decision (urgent/high in draft and auto) is ordered once approved:
      // a PO of its own for the supplier, approved by the approver (phase-rules.ts).
      if (!rec.purchaseOrderId && status !== 'rejected' && Number(decidedQty) > 0) {
        const line = await this.repository.heldLine(id, tx);
        if (line) {
          const names = await this.inventory.supplierNames([line.supplierId], tx);
          await this.writeOrder(rec.runId, line.supplierId, names.get(line.supplierId) ?? 'unknown supplier', [line], actor, 'decision', utcToday(this.clock), decidedAt, tx);
        }
      }
      await this.audit.append({ actor, action: `recommendation.${status}`, entityType: 'recommendation', entityId: id, payload: { recommendedQty: rec.recommendedQty, decidedQty, reason } }, tx);
      return id;
    });
    // After the commit: an adjustment beyond 25 % re-evaluates the SKU (one job per SKU per day).
    // The decision stands if the queue is unreachable; the weekly pass re-weights every SKU anyway.
    const pending = reevaluation as { itemId: string; jobId: string } | null;
    if (pending) {
      await this.feedbackSink()
        ?.requestReevaluation(pending.itemId, pending.jobId)
        .catch((error: unknown) => new Logger(ReorderService.name).warn(`could not enqueue ${pending.jobId}: ${(error as Error).message}`));
    }
    return decided;
  }

  async decidePurchaseOrder(id: string, action: 'approve' | 'reject' | 'receive', actor: string, reason?: string | null) {
    if (action === 'reject' && !reason?.trim()) throw BadInputError.field('reason', 'is required');
    return this.db.transaction(async (tx) => {
      const po = await this.repository.lockPurchaseOrder(id, tx);
      if (!po) throw new NotFoundError('purchase order', id);
      const from = action === 'receive' ? 'approved' : 'pending_approval';
      if (po.status !== from) throw new ConflictError(`purchase order ${po.poNumber} is ${po.status}; it can be ${action === 'receive' ? 'received' : action + 'd'} only when ${from}`);
      const now = this.clock.now();
      const status = { approve: 'approved', reject: 'rejected', receive: 'received' }[action];
      if (action === 'approve' && po.lines === 0) throw new ConflictError(`purchase order ${po.poNumber} has no lines left`);
      if (action === 'receive') {
        // Receiving adds every line to on-hand stock; the PO stops counting as on order.
        await this.inventory.receiveStock(await this.repository.orderLines(id, tx), tx);
      } else {
        await this.repository.decideOpenRecommendationsOfOrder(id, status as 'approved' | 'rejected', actor, reason ?? null, now, tx);
      }
      await this.repository.setPurchaseOrderStatus(id, status, actor, reason ?? null, now, tx);
      await this.audit.append({ actor, action: `purchase_order.${status}`, entityType: 'purchase_order', entityId: id, payload: { poNumber: po.poNumber, from: po.status, to: status, reason: reason ?? null } }, tx);
      return id;
    });
  }
}

function check<T>(result: { ok: true; value: T } | { ok: false; error: { field: string; message: string } }): T {
  if (!result.ok) throw BadInputError.field(result.error.field, result.error.message);
  return result.value;
}

function round3(value: number): string {
  return (Math.round(value * 1000) / 1000).toFixed(3);
}
