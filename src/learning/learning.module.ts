import { DynamicModule, Global, Module, Provider } from '@nestjs/common';
import { ForecastModule } from '../forecast/forecast.module';
import { InventoryModule } from '../inventory/inventory.module';
import { NotificationModule } from '../ops/notification.module';
import { ReorderModule } from '../reorder/reorder.module';
import { PRODUCTION_MODEL_SOURCE } from '../ops/ops-sources';
import { DECISION_FEEDBACK_SINK } from './decision-feedback.sink';
import { LearningProcessor } from './learning.processor';
import { LearningRepository } from './learning.repository';
import { LearningResolver } from './learning.resolver';
import { LearningScheduler } from './learning.scheduler';
import { LearningService } from './learning.service';
import { LoopAdjustmentsService } from './loop-adjustments.service';
import { LoopRepository } from './loop.repository';
import { LoopResolver } from './loop.resolver';

/**
 * Realized accuracy, decision feedback, ensemble weights, drift, the model registry, the rollout
 * state (its tables: see learning.repository.ts). Calls inventory, forecast, reorder (reads for
 * the KPIs), notifications and audit, and reads runs through RUN_STATUS_SOURCE; the cycle calls
 * it (LearningService's header lists the methods). It provides ops' PRODUCTION_MODEL_SOURCE: the
 * production model's age is the registry's, which this module owns. Global so the reorder module can reach
 * `DECISION_FEEDBACK_SINK` without importing this module (which imports reorder).
 */
@Global()
@Module({})
export class LearningModule {
  static forRoot(options: { schedule: boolean }): DynamicModule {
    const providers: Provider[] = [LearningService, LearningRepository, LearningResolver, LearningProcessor, { provide: DECISION_FEEDBACK_SINK, useExisting: LearningService }, { provide: PRODUCTION_MODEL_SOURCE, useExisting: LearningService }];
    providers.push(LoopAdjustmentsService, LoopRepository, LoopResolver);
    if (options.schedule) providers.push(LearningScheduler);
    return { module: LearningModule, imports: [InventoryModule, ForecastModule, ReorderModule, NotificationModule], providers, exports: [LearningService, LoopAdjustmentsService, DECISION_FEEDBACK_SINK] };
  }
}
