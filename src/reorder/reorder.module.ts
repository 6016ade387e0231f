import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { PurchaseOrderLineResolver } from './purchase-order-line.resolver';
import { PurchaseOrderLineService } from './purchase-order-line.service';
import { RecommendationLookupResolver } from './recommendation-lookup.resolver';
import { ReorderRepository } from './reorder.repository';
import { ReorderResolver } from './reorder.resolver';
import { ReorderService } from './reorder.service';

/** ABC, the reorder policy, recommendations, purchase orders and decisions. */
@Module({
  imports: [InventoryModule],
  providers: [ReorderRepository, ReorderService, ReorderResolver, PurchaseOrderLineService, PurchaseOrderLineResolver, RecommendationLookupResolver],
  exports: [ReorderService],
})
export class ReorderModule {}
