import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { Job } from 'bullmq';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { runRetryingInfrastructure } from './bullmq-retry';
import { infraRetryPolicy } from './infra-retry';
import { JOBS_QUEUE } from './job-queue';
import { JobRegistry } from './job-registry';

/**
 * The BullMQ worker of this process (only provided when it processes jobs and REDIS_URL is set):
 * takes any job from the queue and runs the handler registered for its name.
 *
 * The lock is short and renewed (every lockDuration / 2) while the handler runs, so a killed
 * worker's jobs are seen as stalled and taken by another worker within ~lockDuration +
 * stalledInterval (< 30 s), not minutes. Long CPU work (model training) runs on a thread, so the
 * event loop keeps renewing the lock.
 */
@Processor(JOBS_QUEUE, { lockDuration: 20_000, stalledInterval: 10_000, maxStalledCount: 3 })
export class QueueWorker extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(QueueWorker.name);
  constructor(
    private readonly registry: JobRegistry,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    this.worker.concurrency = this.config.WORKER_CONCURRENCY;
    // Without a listener an 'error' event (Redis gone, a job's key lost with a Redis restart)
    // would be an unhandled EventEmitter error; BullMQ reconnects and goes on by itself.
    this.worker.on('error', (error) => this.logger.warn(`queue worker: ${error.message}`));
  }

  /** Infrastructure errors (RetryLaterError) go back to the delayed set without using an attempt (bullmq-retry.ts). */
  process(job: Job, token?: string): Promise<unknown> {
    return runRetryingInfrastructure(job, token, (j) => this.registry.run(j), infraRetryPolicy(this.config.INFRA_RETRY_MAX_MINUTES), (message) => this.logger.warn(message));
  }
}
