import { BullModule, getQueueToken } from '@nestjs/bullmq';
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown, Optional, Provider } from '@nestjs/common';
import { Queue } from 'bullmq';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/config.schema';
import { BullMqDriver } from './bullmq.driver';
import { InProcessDriver } from './in-process.driver';
import { infraRetryPolicy } from './infra-retry';
import { JOB_QUEUE, JOBS_QUEUE } from './job-queue';
import { JobRegistry } from './job-registry';
import { QueueWorker } from './queue.worker';
import { REDIS_CONNECTION } from './redis-connection';

export interface JobsModuleOptions {
  config: AppConfig;
  /** Run queued jobs in this process (workers; every process in embedded mode). */
  processJobs: boolean;
}

/**
 * The one place the queue driver is chosen: BullMQ on Redis when REDIS_URL is set (plus a Redis
 * connection for health checks), the in-process driver otherwise. Provides `JOB_QUEUE` and the
 * `JobRegistry` to every module.
 */
@Global()
@Module({})
export class JobsModule implements OnApplicationShutdown {
  constructor(@Optional() @Inject(REDIS_CONNECTION) private readonly redis?: Redis) {}

  static forRoot({ config, processJobs }: JobsModuleOptions): DynamicModule {
    const providers: Provider[] = [JobRegistry];
    if (!config.REDIS_URL) {
      providers.push({
        provide: JOB_QUEUE,
        useFactory: (registry: JobRegistry) => new InProcessDriver((job) => registry.run(job), config.WORKER_CONCURRENCY, infraRetryPolicy(config.INFRA_RETRY_MAX_MINUTES)),
        inject: [JobRegistry],
      });
      return { module: JobsModule, providers, exports: [JobRegistry, JOB_QUEUE] };
    }
    const url = config.REDIS_URL;
    providers.push(
      { provide: REDIS_CONNECTION, useFactory: () => new Redis(url, { maxRetriesPerRequest: 1 }) },
      { provide: JOB_QUEUE, useFactory: (queue: Queue) => new BullMqDriver(queue), inject: [getQueueToken(JOBS_QUEUE)] },
    );
    // With Redis, the @Processor class is what makes this process a BullMQ worker.
    if (processJobs) providers.push(QueueWorker);
    return {
      module: JobsModule,
      imports: [BullModule.forRoot({ connection: { url, maxRetriesPerRequest: null }, prefix: config.QUEUE_PREFIX }), BullModule.registerQueue({ name: JOBS_QUEUE })],
      providers,
      exports: [JobRegistry, JOB_QUEUE, REDIS_CONNECTION, BullModule],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
