import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { scheduleUtcCron } from '../common/utc-cron';
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
    scheduleUtcCron(this.registry, this.logger, { name: 'audit-anchor', cronTime: this.config.AUDIT_ANCHOR_CRON, what: 'audit anchoring' }, () => this.audit.anchor());
  }
}
