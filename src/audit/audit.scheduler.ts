import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { AuditService } from './audit.service';

/** Anchors the newest audit hash outside the table every AUDIT_ANCHOR_CRON (default every 15 minutes, UTC). */
@Injectable()
export class AuditScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuditScheduler.name);

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly audit: AuditService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    const cronTime = this.config.AUDIT_ANCHOR_CRON;
    const job = CronJob.from({ cronTime, timeZone: 'UTC', start: true, onTick: () => void this.audit.anchor().catch((e: Error) => this.logger.error(`audit anchor failed: ${e.stack}`)) });
    this.registry.addCronJob('audit-anchor', job);
    this.logger.log(`audit anchoring scheduled: "${cronTime}" UTC`);
  }
}
