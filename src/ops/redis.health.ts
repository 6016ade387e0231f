import { Inject, Injectable, Optional } from '@nestjs/common';
import { HealthIndicatorResult, HealthIndicatorService } from '@nestjs/terminus';
import type { Redis } from 'ioredis';
import { REDIS_CONNECTION } from '../jobs/redis-connection';

/** Readiness of Redis (only when REDIS_URL is set): a PING with a short timeout. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly indicator: HealthIndicatorService,
    @Optional() @Inject(REDIS_CONNECTION) private readonly redis?: Redis,
  ) {}

  get configured(): boolean {
    return this.redis !== undefined;
  }

  async isHealthy(key = 'redis'): Promise<HealthIndicatorResult> {
    const check = this.indicator.check(key);
    if (!this.redis) return check.up({ mode: 'in-process' });
    try {
      const pong = await Promise.race([
        this.redis.ping(),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout after 1000 ms')), 1000).unref()),
      ]);
      return pong === 'PONG' ? check.up() : check.down({ message: `unexpected reply ${pong}` });
    } catch (error) {
      return check.down({ message: (error as Error).message });
    }
  }
}
