import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { scheduleUtcCron } from '../common/utc-cron';
import { Clock, CLOCK } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { addWeeks, isoWeekStart } from '../common/iso-week';
import { job, JOB_QUEUE, JobQueue } from '../jobs/job-queue';
import { learningWeeklyJobId } from './learning.jobs';

export const RETRAIN_CRON_NAME = 'learning-weekly';

/** RETRAIN_CRON (UTC, default Sunday 03:00) enqueues the weekly learning pass; nothing more. */
@Injectable()
export class LearningScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(LearningScheduler.name);

  constructor(
    private readonly registry: SchedulerRegistry,
    @Inject(JOB_QUEUE) private readonly queue: JobQueue,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SCHEDULER_ENABLED) return;
    scheduleUtcCron(this.registry, this.logger, { name: RETRAIN_CRON_NAME, cronTime: this.config.RETRAIN_CRON, what: 'weekly learning pass' }, () => this.tick());
  }

  async tick(): Promise<void> {
    const week = addWeeks(isoWeekStart(this.clock.now()), -1);
    try {
      await this.queue.addBulk([job('learning-weekly', { week }, { jobId: learningWeeklyJobId(week), attempts: 3, backoffMs: 60_000 })]);
    } catch (error) {
      this.logger.warn(`could not enqueue the weekly learning pass: ${(error as Error).message}`);
    }
  }
}
