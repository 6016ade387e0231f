import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { ForecastRepository } from './forecast.repository';
import { ForecastResolver } from './forecast.resolver';
import { ForecastService } from './forecast.service';
import { ModelStoreService } from './model-store.service';

/** Models, forecasts and model artifacts. Knows nothing of runs: the cycle module calls it. */
@Module({
  imports: [InventoryModule],
  providers: [ForecastRepository, ForecastService, ModelStoreService, ForecastResolver],
  exports: [ForecastService],
})
export class ForecastModule {}
