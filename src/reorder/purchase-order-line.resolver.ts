import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { checkUuid } from '../common/check-uuid';
import { DecimalScalar } from '../common/decimal.scalar';
import { AuthUser } from '../security/auth-user';
import { CurrentUser } from '../security/current-user.decorator';
import { Roles } from '../security/roles.decorator';
import { PurchaseOrder } from './dto/reorder.types';
import { PurchaseOrderLineService } from './purchase-order-line.service';
import { ReorderService } from './reorder.service';

@Resolver()
export class PurchaseOrderLineResolver {
  constructor(
    private readonly lines: PurchaseOrderLineService,
    private readonly reorder: ReorderService,
  ) {}

  @Roles('approver')
  @Mutation(() => PurchaseOrder, { description: 'Changes the quantity of one line of a purchase order that is still pending approval, with a reason for the audit log.' })
  async updatePurchaseOrderLine(
    @Args('id', { type: () => ID }) id: string,
    @Args('quantity', { type: () => DecimalScalar }) quantity: string,
    @Args('reason') reason: string,
    @CurrentUser() user: AuthUser,
  ): Promise<PurchaseOrder> {
    const poId = await this.lines.setLineQuantity(checkUuid(id), quantity, reason, user.username);
    return this.reorder.purchaseOrder(poId);
  }
}
