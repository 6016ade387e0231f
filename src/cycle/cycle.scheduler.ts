import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { scheduleUtcCron } from '../common/utc-cron';
import { Clock, CLOCK } from '../clock/clock';
import { ConflictError } from '../common/errors';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { job, JOB_QUEUE, JobQueue } from '../jobs/job-queue';
import { superviseJobId } from './cycle.jobs';
import { CycleService } from './cycle.service';

export const FORECAST_CRON_NAME = 'forecast-daily';
export const SUPERVISOR_CRON_NAME = 'cycle-supervisor';

/**
 * The crons of the cycle (UTC). They only enqueue: the nightly one creates the run (its
 * preparation is a job), the supervisor one enqueues a supervision job per tick.
 */
@Injectable()
export class CycleScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(CycleScheduler.name);

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly cycle: CycleService,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SCHEDULER_ENABLED) return;
    scheduleUtcCron(this.registry, this.logger, { name: FORECAST_CRON_NAME, cronTime: this.config.FORECAST_CRON, what: 'daily forecast' }, () => this.tick());
    scheduleUtcCron(this.registry, this.logger, { name: SUPERVISOR_CRON_NAME, cronTime: this.config.SUPERVISOR_CRON, what: 'run supervisor' }, () => this.superviseTick());
  }

  /** One run per UTC day: a second tick the same day is refused by the run key, as is a tick while a run is active. */
  async tick(): Promise<string | null> {
    try {
      return await this.cycle.startRun('cron', 'scheduler');
    } catch (error) {
      if (error instanceof ConflictError) {
        this.logger.log(`scheduled run not started: ${error.message}`);
        return null;
      }
      this.logger.error(`scheduled run failed to start: ${(error as Error).stack}`);
      return null;
    }
  }

  async superviseTick(): Promise<void> {
    const tick = this.clock.now().toISOString().slice(0, 19) + 'Z';
    try {
      await this.queue.addBulk([job('supervise-runs', { tick }, { jobId: superviseJobId(tick), attempts: 1 })]);
    } catch (error) {
      this.logger.warn(`could not enqueue the run supervisor: ${(error as Error).message}`);
    }
  }
}
