import { Inject, Injectable, Optional } from '@nestjs/common';
import { GraphQLError } from 'graphql';
import { Redis } from 'ioredis';
import { Clock, CLOCK } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { REDIS_CONNECTION } from '../jobs/redis-connection';
import { MemoryRateStore, RatePolicy, RateStore, TAKE_TOKEN_SCRIPT } from './mutation-throttle';

/** The bucket in Redis (REDIS_URL): every API process takes from the same one; one Lua step per mutation. */
class RedisRateStore implements RateStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('nnTakeToken', { numberOfKeys: 1, lua: TAKE_TOKEN_SCRIPT });
  }

  async take(key: string, nowMs: number, policy: RatePolicy): Promise<{ allowed: boolean; waitMs: number }> {
    const run = (this.redis as unknown as Record<string, (...args: unknown[]) => Promise<[number, number]>>).nnTakeToken;
    const [allowed, waitMs] = await run.call(this.redis, `${this.prefix}:mutations:${key}`, nowMs, policy.perMinute, policy.burst);
    return { allowed: allowed === 1, waitMs: Number(waitMs) };
  }
}

/**
 * MUTATION_RATE_PER_MINUTE per user, a minute's worth at once (so a bulk approve of a few
 * hundred rows from the console goes through), counted in Redis when there is one.
 */
@Injectable()
export class MutationThrottle {
  private readonly store: RateStore;
  private readonly policy: RatePolicy;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    @Inject(CLOCK) private readonly clock: Clock,
    @Optional() @Inject(REDIS_CONNECTION) redis?: Redis,
  ) {
    this.store = redis ? new RedisRateStore(redis, config.QUEUE_PREFIX) : new MemoryRateStore();
    this.policy = { perMinute: config.MUTATION_RATE_PER_MINUTE, burst: config.MUTATION_RATE_PER_MINUTE };
  }

  /** Takes one mutation from the user's bucket, or throws TOO_MANY_REQUESTS with retryAfterSeconds (and sets Retry-After). */
  async take(userId: string, response?: { setHeader(name: string, value: string): unknown }): Promise<void> {
    const verdict = await this.store.take(userId, this.clock.now().getTime(), this.policy);
    if (verdict.allowed) return;
    const retryAfterSeconds = Math.max(1, Math.ceil(verdict.waitMs / 1000));
    response?.setHeader('Retry-After', String(retryAfterSeconds));
    throw new GraphQLError(`too many changes: at most ${this.policy.perMinute} a minute per user; try again in ${retryAfterSeconds} s`, {
      extensions: { code: 'TOO_MANY_REQUESTS', retryAfterSeconds },
    });
  }
}
