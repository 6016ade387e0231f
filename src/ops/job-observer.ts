import { Injectable, OnModuleInit } from '@nestjs/common';
import { performance } from 'node:perf_hooks';
import { JobLike } from '../jobs/job-queue';
import { JobRegistry } from '../jobs/job-registry';
import { AnomalyService } from './anomaly.service';
import { withLogContext } from './logging';

const text = (v: unknown) => (typeof v === 'string' ? v : undefined);

/**
 * Wraps every job handler (both drivers dispatch through the JobRegistry): each log line written
 * while a job runs carries its job id, name, run id (and item id, or the number of items of a
 * batch), and every job's time and outcome (an attempt that throws is a failure) go to the job
 * histogram and the anomaly detectors, per job name (`forecast-skus`: one batch of SKUs).
 */
@Injectable()
export class JobObserver implements OnModuleInit {
  constructor(
    private readonly registry: JobRegistry,
    private readonly anomalies: AnomalyService,
  ) {}

  onModuleInit(): void {
    this.registry.intercept((job, next) => this.observe(job, next));
  }

  observe(job: JobLike, next: () => Promise<unknown>): Promise<unknown> {
    const data = (job.data ?? {}) as Record<string, unknown>;
    const fields = { jobId: job.id, job: job.name, runId: text(data.runId), itemId: text(data.itemId), items: Array.isArray(data.itemIds) ? data.itemIds.length : undefined, attempt: job.attemptsMade + 1 };
    return withLogContext(fields, async () => {
      const started = performance.now();
      try {
        const result = await next();
        this.anomalies.recordJobDuration(performance.now() - started, true, job.name);
        return result;
      } catch (error) {
        this.anomalies.recordJobDuration(performance.now() - started, false, job.name);
        throw error;
      }
    }, { fresh: true });
  }
}
