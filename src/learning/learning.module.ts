import { DynamicModule, Module, Provider } from '@nestjs/common';
import { ForecastModule } from '../forecast/forecast.module';
import { InventoryModule } from '../inventory/inventory.module';
import { NotificationModule } from '../ops/notification.module';
import { ReorderModule } from '../reorder/reorder.module';
import { LearningProcessor } from './learning.processor';
import { LearningRepository } from './learning.repository';
import { LearningResolver } from './learning.resolver';
import { LearningScheduler } from './learning.scheduler';
import { LearningService } from './learning.service';

/**
 * Realized accuracy, decision feedback, ensemble weights, drift, the model registry, the rollout
 * state (its tables: see learning.repository.ts). Calls inventory, forecast, reorder (reads for
 * the KPIs), notifications and audit, and reads runs through RUN_STATUS_SOURCE; the cycle calls
 * it (LearningService's header lists the methods).
 */
@Module({})
export class LearningModule {
  static forRoot(options: { schedule: boolean }): DynamicModule {
    const providers: Provider[] = [LearningService, LearningRepository, LearningResolver, LearningProcessor];
    if (options.schedule) providers.push(LearningScheduler);
    return { module: LearningModule, imports: [InventoryModule, ForecastModule, ReorderModule, NotificationModule], providers, exports: [LearningService] };
  }
}
