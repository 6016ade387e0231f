import { Redis } from 'ioredis';
import { ATTEMPT_SCRIPT, AttemptStore, ThrottlePolicy } from './login-throttle';

/** Login attempts counted in Redis (REDIS_URL): every API process shares the count; one Lua step per attempt. */
export class RedisAttemptStore implements AttemptStore {
  constructor(
    private readonly redis: Redis,
    private readonly prefix: string,
  ) {
    redis.defineCommand('nnLoginAttempt', { numberOfKeys: 1, lua: ATTEMPT_SCRIPT });
  }

  async attempt(key: string, nowMs: number, policy: ThrottlePolicy): Promise<{ allowed: boolean; waitMs: number }> {
    const run = (this.redis as unknown as Record<string, (...args: unknown[]) => Promise<[number, number]>>).nnLoginAttempt;
    const [allowed, waitMs] = await run.call(this.redis, this.key(key), nowMs, policy.freeAttempts, policy.baseDelayMs, policy.maxDelayMs, policy.windowMs);
    return { allowed: allowed === 1, waitMs: Number(waitMs) };
  }

  async clear(key: string): Promise<void> {
    await this.redis.del(this.key(key));
  }

  private key(key: string): string {
    return `${this.prefix}:login:${key}`;
  }
}
