import { Injectable, Logger, OnModuleInit } from '@nestjs/common';
import { isFinalAttempt, JobLike } from '../jobs/job-queue';
import { JobRegistry } from '../jobs/job-registry';
import { ForecastSkuJob } from './cycle.jobs';
import { CycleService } from './cycle.service';
import { isInfrastructureError } from './infrastructure-error';

/**
 * The cycle's job handlers: each unpacks its job and calls CycleService. Registered by name in
 * the JobRegistry, so the same handler runs on BullMQ and in-process.
 */
@Injectable()
export class CycleProcessor implements OnModuleInit {
  private readonly logger = new Logger(CycleProcessor.name);

  constructor(
    private readonly registry: JobRegistry,
    private readonly cycle: CycleService,
  ) {}

  onModuleInit(): void {
    this.registry.register('prepare-run', (job) => this.cycle.prepareRun(job.data.runId));
    this.registry.register('forecast-sku', (job) => this.forecastSku(job));
    this.registry.register('finalize-run', async (job) => {
      try {
        await this.cycle.finalizeRun(job.data.runId);
      } catch (error) {
        if (!isFinalAttempt(job) || isInfrastructureError(error)) throw error;
        await this.cycle.failRun(job.data.runId, `finalisation failed after ${job.attemptsMade + 1} attempts: ${(error as Error).message}`);
      }
    });
    this.registry.register('supervise-runs', () => this.cycle.supervise());
  }

  /**
   * A SKU's own error uses up its attempts and is then recorded as the SKU's failure. An
   * infrastructure error (database or Redis unreachable) is never the SKU's failure: it is
   * retried, and when the attempts run out during a long outage the SKU stays pending for the
   * supervisor to enqueue again once the run has stalled.
   */
  async forecastSku(job: JobLike<ForecastSkuJob>): Promise<void> {
    const { runId, itemId } = job.data;
    try {
      await this.cycle.forecastSku(runId, itemId, job.attemptsMade + 1);
    } catch (error) {
      if (isInfrastructureError(error)) throw error;
      if (!isFinalAttempt(job)) throw error;
      this.logger.warn(`SKU ${itemId} failed in run ${runId} after ${job.attemptsMade + 1} attempts: ${(error as Error).message}`);
      await this.cycle.recordFailure(runId, itemId, error as Error, job.attemptsMade + 1);
    }
  }
}
