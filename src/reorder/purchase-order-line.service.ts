import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { BadInputError, ConflictError, NotFoundError } from '../common/errors';
import { parseDecimal, parseText, QUANTITY_SCALE } from '../inventory/import-rows';

/**
 * Editing one line of a purchase order while the order still waits for approval (the console's
 * PO page). Approved, rejected and received orders are settled: their lines stay as they are.
 */
@Injectable()
export class PurchaseOrderLineService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** Sets the line's quantity (> 0), its total and the order's total in one transaction; returns the PO id. */
  async setLineQuantity(lineId: string, quantityInput: string, reasonInput: string, actor: string): Promise<string> {
    const quantity = parseDecimal(quantityInput, { field: 'quantity', min: 0, minExclusive: true, maxScale: QUANTITY_SCALE });
    if (!quantity.ok) throw BadInputError.field(quantity.error.field, quantity.error.message);
    const reason = parseText(reasonInput, { field: 'reason', maxLength: 1000 });
    if (!reason.ok) throw BadInputError.field(reason.error.field, reason.error.message);
    return this.db.transaction(async (tx) => {
      const [line]: { purchase_order_id: string; quantity: string; sku: string }[] = await tx.query(
        `SELECT l.purchase_order_id, l.quantity, i.sku FROM purchase_order_lines l JOIN inventory_items i ON i.id = l.item_id WHERE l.id = $1`,
        [lineId],
      );
      if (!line) throw new NotFoundError('purchase order line', lineId);
      const [po]: { status: string; po_number: string }[] = await tx.query(`SELECT status, po_number FROM purchase_orders WHERE id = $1 FOR UPDATE`, [line.purchase_order_id]);
      if (po.status !== 'pending_approval') throw new ConflictError(`purchase order ${po.po_number} is ${po.status}; its lines can be edited only while pending_approval`);
      await tx.query(`UPDATE purchase_order_lines SET quantity = $2, line_total = round($2 * unit_cost, 2) WHERE id = $1`, [lineId, quantity.value]);
      await tx.query(`UPDATE purchase_orders SET total_cost = (SELECT COALESCE(sum(line_total), 0) FROM purchase_order_lines WHERE purchase_order_id = $1) WHERE id = $1`, [line.purchase_order_id]);
      await this.audit.append(
        {
          actor,
          action: 'purchase_order.line_edited',
          entityType: 'purchase_order',
          entityId: line.purchase_order_id,
          payload: { poNumber: po.po_number, lineId, sku: line.sku, from: line.quantity, to: quantity.value, reason: reason.value },
        },
        tx,
      );
      return line.purchase_order_id;
    });
  }
}
