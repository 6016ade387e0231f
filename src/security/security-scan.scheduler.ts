import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { scheduleUtcCron } from '../common/utc-cron';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { SecurityScanService } from './security-scan.service';

/** The nightly security scan (SCAN_CRON, default 01:00 UTC): only calls the service (a child process and file reads, no CPU-heavy work). */
@Injectable()
export class SecurityScanScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(SecurityScanScheduler.name);

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly scans: SecurityScanService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    scheduleUtcCron(this.registry, this.logger, { name: 'security-scan', cronTime: this.config.SCAN_CRON, what: 'security scan' }, () => this.scans.scan('cron', 'scheduler'));
  }
}
