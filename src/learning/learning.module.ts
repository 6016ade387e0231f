import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { LearningRepository } from './learning.repository';
import { LearningResolver } from './learning.resolver';
import { LearningService } from './learning.service';

@Module({ imports: [InventoryModule], providers: [LearningService, LearningRepository, LearningResolver], exports: [LearningService] })
export class LearningModule {}
