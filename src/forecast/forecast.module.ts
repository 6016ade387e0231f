import { Module } from '@nestjs/common';
import { InventoryModule } from '../inventory/inventory.module';
import { PRODUCTION_MODEL_SOURCE } from '../ops/ops-sources';
import { ForecastRepository } from './forecast.repository';
import { ForecastResolver } from './forecast.resolver';
import { ForecastService } from './forecast.service';
import { ModelStoreService } from './model-store.service';

/** Models, forecasts and model artifacts. Knows nothing of runs: the cycle module calls it. */
@Module({
  imports: [InventoryModule],
  // PRODUCTION_MODEL_SOURCE: what ops (the modelAge health indicator) reads; ops does not import this module.
  providers: [ForecastRepository, ForecastService, ModelStoreService, ForecastResolver, { provide: PRODUCTION_MODEL_SOURCE, useExisting: ModelStoreService }],
  exports: [ForecastService],
})
export class ForecastModule {}
