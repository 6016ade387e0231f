import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { scheduleUtcCron } from '../common/utc-cron';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { RunWatchService } from './run-watch.service';

export const RUN_WATCH_CRON_NAME = 'run-watch';

/** The cron door of the run watch (RUN_WATCH_CRON, UTC). */
@Injectable()
export class RunWatchScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(RunWatchScheduler.name);

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly watch: RunWatchService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.SCHEDULER_ENABLED) return;
    scheduleUtcCron(this.registry, this.logger, { name: RUN_WATCH_CRON_NAME, cronTime: this.config.RUN_WATCH_CRON, what: 'run watch' }, () => this.watch.check());
  }
}
