import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { scheduleUtcCron } from '../common/utc-cron';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { SigningKeysService } from './signing-keys.service';

/** The monthly rotation (SIGNING_KEY_ROTATION_CRON, default the 1st at 00:00 UTC): only calls the service. */
@Injectable()
export class SigningKeysScheduler implements OnApplicationBootstrap {
  private readonly logger = new Logger(SigningKeysScheduler.name);

  constructor(
    private readonly registry: SchedulerRegistry,
    private readonly keys: SigningKeysService,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  onApplicationBootstrap(): void {
    scheduleUtcCron(this.registry, this.logger, { name: 'signing-key-rotation', cronTime: this.config.SIGNING_KEY_ROTATION_CRON, what: 'signing key rotation' }, () => this.keys.rotate('scheduler', 'monthly rotation'));
  }
}
