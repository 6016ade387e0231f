import { Args, ID, Mutation, Resolver } from '@nestjs/graphql';
import { DecimalScalar } from '../common/decimal.scalar';
import { checkUuid } from '../forecast/forecast.resolver';
import { AuthUser } from '../security/auth-user';
import { CurrentUser } from '../security/current-user.decorator';
import { Roles } from '../security/roles.decorator';
import { PurchaseOrder } from './dto/reorder.types';
import { PurchaseOrderLineService } from './purchase-order-line.service';
import { ReorderResolver } from './reorder.resolver';

@Resolver()
export class PurchaseOrderLineResolver {
  constructor(
    private readonly lines: PurchaseOrderLineService,
    private readonly orders: ReorderResolver,
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
    return this.orders.purchaseOrder(poId);
  }
}
