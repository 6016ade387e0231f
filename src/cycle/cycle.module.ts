import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { ForecastModule } from '../forecast/forecast.module';
import { InventoryModule } from '../inventory/inventory.module';
import { NotificationModule } from '../ops/notification.module';
import { RUN_STATUS_SOURCE } from '../ops/run-status.source';
import { ReorderModule } from '../reorder/reorder.module';
import { CycleProcessor } from './cycle.processor';
import { CycleRepository } from './cycle.repository';
import { CycleResolver } from './cycle.resolver';
import { CycleScheduler } from './cycle.scheduler';
import { CycleService } from './cycle.service';
import { RunFailuresResolver } from './run-failures.resolver';

/**
 * The nightly cycle: runs and their SKUs (`forecast_runs`, `forecast_run_items`), the crons, the
 * job handlers and the run API. It calls inventory, forecast, reorder, notifications and audit;
 * nothing calls it. Ops reads run status through the RUN_STATUS_SOURCE interface it provides
 * (global, so ops needs no import of this module).
 */
@Global()
@Module({})
export class CycleModule {
  static forRoot(options: { schedule: boolean }): DynamicModule {
    const providers: Provider[] = [CycleRepository, CycleService, CycleProcessor, CycleResolver, RunFailuresResolver, { provide: RUN_STATUS_SOURCE, useExisting: CycleService }];
    if (options.schedule) providers.push(CycleScheduler);
    return { module: CycleModule, imports: [InventoryModule, ForecastModule, ReorderModule, NotificationModule], providers, exports: [CycleService, RUN_STATUS_SOURCE] };
  }
}
