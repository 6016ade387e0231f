import { Module } from '@nestjs/common';
import { PurchaseOrderLineResolver } from './purchase-order-line.resolver';
import { PurchaseOrderLineService } from './purchase-order-line.service';
import { RecommendationLookupResolver } from './recommendation-lookup.resolver';
import { ReorderResolver } from './reorder.resolver';
import { ReorderService } from './reorder.service';

@Module({ providers: [ReorderService, ReorderResolver, PurchaseOrderLineService, PurchaseOrderLineResolver, RecommendationLookupResolver], exports: [ReorderService] })
export class ReorderModule {}
