import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, Module, Provider } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { Queue } from 'bullmq';
import { AppConfig } from '../config/config.schema';
import { BullMqQueue } from '../jobs/bullmq-queue';
import { InProcessQueue } from '../jobs/in-process-queue';
import { FORECAST_JOB_QUEUE, FORECAST_QUEUE, JobLike } from '../jobs/job-queue';
import { NotificationModule } from '../ops/notification.module';
import { PRODUCTION_MODEL_SOURCE, RUN_FRESHNESS_SOURCE } from '../ops/ops-sources';
import { ReorderModule } from '../reorder/reorder.module';
import { ForecastResolver } from './forecast.resolver';
import { ForecastProcessor } from './pipeline/forecast.processor';
import { ModelStoreService } from './pipeline/model-store.service';
import { PipelineScheduler } from './pipeline/pipeline.scheduler';
import { PipelineService } from './pipeline/pipeline.service';

export interface ForecastModuleOptions {
  config: AppConfig;
  /** Run the forecast processor in this process (workers; everything in embedded mode). */
  processJobs: boolean;
  /** Register the nightly cron (the API process). */
  schedule: boolean;
}

@Module({})
export class ForecastModule {
  static forRoot({ config, processJobs, schedule }: ForecastModuleOptions): DynamicModule {
    const providers: Provider[] = [
      PipelineService,
      ModelStoreService,
      ForecastResolver,
      // What ops reads of runs and models, under its tokens (ops does not import this module).
      { provide: RUN_FRESHNESS_SOURCE, useExisting: PipelineService },
      { provide: PRODUCTION_MODEL_SOURCE, useExisting: ModelStoreService },
    ];
    const imports = [ReorderModule, NotificationModule];
    if (config.REDIS_URL) {
      imports.push(BullModule.registerQueue({ name: FORECAST_QUEUE }) as never);
      providers.push({ provide: FORECAST_JOB_QUEUE, useFactory: (queue: Queue) => new BullMqQueue(queue), inject: [getQueueToken(FORECAST_QUEUE)] });
      // With Redis, the @Processor class is what makes this process a BullMQ worker.
      if (processJobs) providers.push(ForecastProcessor);
    } else {
      providers.push(ForecastProcessor, {
        provide: FORECAST_JOB_QUEUE,
        useFactory: (moduleRef: ModuleRef) => new InProcessQueue((job: JobLike) => moduleRef.get(ForecastProcessor, { strict: false }).process(job), config.WORKER_CONCURRENCY),
        inject: [ModuleRef],
      });
    }
    if (schedule) providers.push(PipelineScheduler);
    return { module: ForecastModule, imports, providers, exports: [PipelineService, FORECAST_JOB_QUEUE] };
  }
}
