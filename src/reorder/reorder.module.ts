import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { ReorderRepository } from './reorder.repository';
import { ReorderResolver } from './reorder.resolver';
import { ReorderService } from './reorder.service';

/** ABC, the reorder policy, recommendations, purchase orders and decisions. */
@Module({ imports: [InventoryModule], providers: [ReorderRepository, ReorderService, ReorderResolver], exports: [ReorderService] })
export class ReorderModule {}
