import { Injectable, OnModuleInit } from '@nestjs/common';
import { isFinalAttempt } from '../jobs/job-queue';
import { JobRegistry } from '../jobs/job-registry';
import { CycleService } from './cycle.service';
import { isInfrastructureError } from './infrastructure-error';

/**
 * The cycle's job handlers: each unpacks its job and calls CycleService. Registered by name in
 * the JobRegistry, so the same handler runs on BullMQ and in-process.
 */
@Injectable()
export class CycleProcessor implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly cycle: CycleService,
  ) {}

  onModuleInit(): void {
    this.registry.register('prepare-run', (job) => this.cycle.prepareRun(job.data.runId));
    // SKU errors are retried and, on the last attempt, stored by the service; infrastructure errors propagate.
    this.registry.register('forecast-skus', (job) => this.cycle.forecastSkus(job.data.runId, job.data.itemIds, job.attemptsMade + 1, isFinalAttempt(job)));
    this.registry.register('finalize-run', async (job) => {
      try {
        await this.cycle.finalizeRun(job.data.runId);
      } catch (error) {
        if (!isFinalAttempt(job) || isInfrastructureError(error)) throw error;
        await this.cycle.failRun(job.data.runId, `finalisation failed after ${job.attemptsMade + 1} attempts: ${(error as Error).message}`);
      }
    });
    this.registry.register('supervise-runs', () => this.cycle.supervise(true));
  }
}
