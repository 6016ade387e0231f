import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Inject, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { APP_CONFIG } from '../../config/config.module';
import { AppConfig } from '../../config/config.schema';
import { FORECAST_QUEUE, isFinalAttempt, JobLike } from '../../jobs/job-queue';
import { ForecastSkuJob, PipelineService, PrepareRunJob } from './pipeline.service';

/**
 * The forecast queue's processor: unpacks a job and calls the pipeline service. BullMQ runs it
 * in worker processes; without Redis the in-process queue calls `process` directly.
 */
// A long lock: a job that trains the global model may keep a busy machine for minutes.
@Processor(FORECAST_QUEUE, { lockDuration: 10 * 60_000 })
export class ForecastProcessor extends WorkerHost implements OnApplicationBootstrap {
  private readonly logger = new Logger(ForecastProcessor.name);

  constructor(
    private readonly pipeline: PipelineService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {
    super();
  }

  onApplicationBootstrap(): void {
    // Only set when BullMQ created a worker for this class (Redis mode).
    try {
      this.worker.concurrency = this.config.WORKER_CONCURRENCY;
    } catch {
      /* in-process mode: no BullMQ worker */
    }
  }

  async process(job: JobLike): Promise<void> {
    switch (job.name) {
      case 'prepare-run':
        return this.pipeline.prepareRun((job.data as PrepareRunJob).runId);
      case 'forecast-sku': {
        const { runId, itemId } = job.data as ForecastSkuJob;
        try {
          return await this.pipeline.forecastSkuJob(runId, itemId, job.attemptsMade + 1);
        } catch (error) {
          if (!isFinalAttempt(job)) throw error;
          this.logger.warn(`SKU ${itemId} failed in run ${runId} after ${job.attemptsMade + 1} attempts: ${(error as Error).message}`);
          return this.pipeline.recordFailure(runId, itemId, error as Error, job.attemptsMade + 1);
        }
      }
      default:
        throw new Error(`unknown job ${job.name}`);
    }
  }
}
