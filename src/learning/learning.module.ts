import { Module } from '@nestjs/common';
import { ForecastModule } from '../forecast/forecast.module';
import { InventoryModule } from '../inventory/inventory.module';
import { LearningRepository } from './learning.repository';
import { LearningResolver } from './learning.resolver';
import { LearningService } from './learning.service';

@Module({ imports: [InventoryModule, ForecastModule], providers: [LearningService, LearningRepository, LearningResolver], exports: [LearningService] })
export class LearningModule {}
