import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { CronJob } from 'cron';
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
    const cronTime = this.config.SIGNING_KEY_ROTATION_CRON;
    const job = CronJob.from({ cronTime, timeZone: 'UTC', start: true, onTick: () => void this.keys.rotate('scheduler', 'monthly rotation').catch((e: Error) => this.logger.error(`signing key rotation failed: ${e.stack}`)) });
    this.registry.addCronJob('signing-key-rotation', job);
    this.logger.log(`signing key rotation scheduled: "${cronTime}" UTC`);
  }
}
