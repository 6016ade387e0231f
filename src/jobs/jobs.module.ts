import { BullModule } from '@nestjs/bullmq';
import { DynamicModule, Global, Inject, Module, OnApplicationShutdown, Optional } from '@nestjs/common';
import { Redis } from 'ioredis';
import { AppConfig } from '../config/config.schema';
import { REDIS_CONNECTION } from './redis-connection';

/**
 * Redis for BullMQ when REDIS_URL is set (and a connection for health checks); nothing when it
 * is not, and the modules that own queues fall back to the in-process driver.
 */
@Global()
@Module({})
export class JobsModule implements OnApplicationShutdown {
  constructor(@Optional() @Inject(REDIS_CONNECTION) private readonly redis?: Redis) {}

  static forRoot(config: AppConfig): DynamicModule {
    if (!config.REDIS_URL) return { module: JobsModule };
    const url = config.REDIS_URL;
    return {
      module: JobsModule,
      imports: [BullModule.forRoot({ connection: { url, maxRetriesPerRequest: null }, prefix: config.QUEUE_PREFIX })],
      providers: [{ provide: REDIS_CONNECTION, useFactory: () => new Redis(url, { maxRetriesPerRequest: 1 }) }],
      exports: [REDIS_CONNECTION],
    };
  }

  async onApplicationShutdown(): Promise<void> {
    await this.redis?.quit().catch(() => this.redis?.disconnect());
  }
}
