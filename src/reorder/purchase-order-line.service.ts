import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { Clock, CLOCK } from '../clock/clock';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors';
import { parseDecimal, QUANTITY_SCALE } from '../common/parse/decimal';
import { parseText } from '../common/parse/text';
import { ReorderRepository } from './reorder.repository';
import { ReorderService } from './reorder.service';

/**
 * Editing one line of a purchase order while the order still waits for approval (the console's
 * PO page). A line edit is a decision on the line's recommendation: an open one is adjusted
 * exactly as adjustRecommendation would (one code path); an already approved or adjusted one
 * becomes adjusted to the new quantity, so what the learning module reads matches the order.
 */
@Injectable()
export class PurchaseOrderLineService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly repository: ReorderRepository,
    private readonly reorder: ReorderService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Sets the line's quantity (> 0), its total and the order's total in one transaction; returns the PO id. */
  async setLineQuantity(lineId: string, quantityInput: string, reasonInput: string, actor: string): Promise<string> {
    const quantity = parseDecimal(quantityInput, { field: 'quantity', min: 0, minExclusive: true, maxScale: QUANTITY_SCALE });
    if (!quantity.ok) throw BadInputError.field(quantity.error.field, quantity.error.message);
    const reason = parseText(reasonInput, { field: 'reason', maxLength: 1000 });
    if (!reason.ok) throw BadInputError.field(reason.error.field, reason.error.message);
    const peek = await this.db.transaction((tx) => this.repository.lockLine(lineId, tx));
    if (!peek) throw new NotFoundError('purchase order line', lineId);
    if (peek.recommendationId && peek.recommendationStatus === 'open' && peek.poStatus === 'pending_approval') {
      await this.reorder.decideRecommendation(peek.recommendationId, 'adjust', actor, { quantity: quantity.value, reason: reason.value });
      return peek.purchaseOrderId;
    }
    return this.db.transaction(async (tx) => {
      const line = await this.repository.lockLine(lineId, tx);
      if (!line) throw new NotFoundError('purchase order line', lineId);
      if (line.poStatus !== 'pending_approval') throw new ConflictError(`purchase order ${line.poNumber} is ${line.poStatus}; its lines can be edited only while pending_approval`);
      await this.repository.setLineQuantityById(lineId, quantity.value, tx);
      await this.repository.refreshTotal(line.purchaseOrderId, tx);
      if (line.recommendationId && (line.recommendationStatus === 'approved' || line.recommendationStatus === 'adjusted')) {
        await this.repository.setDecision(line.recommendationId, 'adjusted', quantity.value, actor, reason.value, this.clock.now(), tx);
      }
      await this.audit.append(
        {
          actor,
          action: 'purchase_order.line_edited',
          entityType: 'purchase_order',
          entityId: line.purchaseOrderId,
          payload: { poNumber: line.poNumber, lineId, sku: line.sku, from: line.quantity, to: quantity.value, reason: reason.value, recommendationId: line.recommendationId },
        },
        tx,
      );
      return line.purchaseOrderId;
    });
  }
}
