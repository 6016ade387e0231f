import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { ConflictError } from '../../common/errors';
import { APP_CONFIG } from '../../config/config.module';
import { AppConfig } from '../../config/config.schema';
import { PipelineService } from './pipeline.service';

export const FORECAST_CRON_NAME = 'forecast-daily';

/** The nightly trigger (FORECAST_CRON, UTC). It only starts a run; workers do the work. */
@Injectable()
export class PipelineScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(PipelineScheduler.name);

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly pipeline: PipelineService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SCHEDULER_ENABLED) return;
    const job = CronJob.from({ cronTime: this.config.FORECAST_CRON, timeZone: 'UTC', onTick: () => void this.tick(), start: true });
    this.registry.addCronJob(FORECAST_CRON_NAME, job);
    this.logger.log(`daily forecast scheduled: "${this.config.FORECAST_CRON}" UTC`);
  }

  /** One run per UTC day: a second tick the same day is refused by the run key. */
  async tick(now = new Date()): Promise<string | null> {
    try {
      return await this.pipeline.startRun('cron', 'scheduler', undefined, now);
    } catch (error) {
      if (error instanceof ConflictError) {
        this.logger.log(error.message);
        return null;
      }
      this.logger.error(`scheduled run failed to start: ${(error as Error).stack}`);
      return null;
    }
  }
}
