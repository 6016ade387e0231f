import { Injectable, OnModuleInit } from '@nestjs/common';
import { RetryLaterError } from '../jobs/infra-retry';
import { isFinalAttempt } from '../jobs/job-queue';
import { JobRegistry } from '../jobs/job-registry';
import { CycleService } from './cycle.service';
import { isInfrastructureError } from './infrastructure-error';

/**
 * The cycle's job handlers: each unpacks its job and calls CycleService. Registered by name in
 * the JobRegistry, so the same handler runs on BullMQ and in-process.
 *
 * An infrastructure error (database or Redis unreachable: infrastructure-error.ts) leaves a
 * handler as `RetryLaterError`: both drivers retry the job with growing delays without using
 * one of its attempts, for INFRA_RETRY_MAX_MINUTES (jobs/infra-retry.ts). Only the SKU's own
 * errors use attempts and, on the last, are stored as its failure.
 */
@Injectable()
export class CycleProcessor implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly cycle: CycleService,
  ) {}

  onModuleInit(): void {
    this.registry.register('prepare-run', (job) => retryingInfrastructure(() => this.cycle.prepareRun(job.data.runId)));
    // SKU errors are retried and, on the last attempt, stored by the service; infrastructure errors propagate.
    this.registry.register('forecast-skus', (job) => retryingInfrastructure(() => this.cycle.forecastSkus(job.data.runId, job.data.itemIds, job.attemptsMade + 1, isFinalAttempt(job))));
    this.registry.register('finalize-run', (job) =>
      retryingInfrastructure(async () => {
        try {
          await this.cycle.finalizeRun(job.data.runId);
        } catch (error) {
          if (!isFinalAttempt(job) || isInfrastructureError(error)) throw error;
          await this.cycle.failRun(job.data.runId, `finalisation failed after ${job.attemptsMade + 1} attempts: ${(error as Error).message}`);
        }
      }),
    );
    // One job per tick: a tick lost to an outage is replaced by the next one.
    this.registry.register('supervise-runs', () => this.cycle.supervise(true));
  }
}

async function retryingInfrastructure<T>(work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    throw isInfrastructureError(error) ? new RetryLaterError(error) : error;
  }
}
