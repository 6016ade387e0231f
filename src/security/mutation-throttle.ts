/**
 * Per-user throttling of mutations: a token bucket per user that holds up to `burst` mutations
 * and refills at `perMinute` a minute. The bucket (not the login throttle's progressive delay,
 * which grows without end for a steady caller) because an approver clicking through a list is a
 * steady caller who must never be slowed, while a script firing thousands a minute must be.
 * Pure: time is passed in.
 */
export interface RatePolicy {
  perMinute: number;
  burst: number;
}

export interface BucketState {
  tokens: number;
  atMs: number;
}

/** One mutation: allowed (a token taken) or refused with how long until a token is there. */
export function takeToken(state: BucketState | undefined, nowMs: number, policy: RatePolicy): { allowed: boolean; waitMs: number; state: BucketState } {
  const elapsed = state ? Math.max(0, nowMs - state.atMs) : 0;
  const tokens = Math.min(policy.burst, (state?.tokens ?? policy.burst) + (elapsed * policy.perMinute) / 60_000);
  if (tokens >= 1) return { allowed: true, waitMs: 0, state: { tokens: tokens - 1, atMs: nowMs } };
  return { allowed: false, waitMs: Math.ceil(((1 - tokens) * 60_000) / policy.perMinute), state: { tokens, atMs: nowMs } };
}

/** The same step as a Redis script (one key, a hash {t, a}): every API process takes from one bucket. ARGV: now, perMinute, burst. */
export const TAKE_TOKEN_SCRIPT = `
local now = tonumber(ARGV[1]); local rate = tonumber(ARGV[2]); local burst = tonumber(ARGV[3])
local t = tonumber(redis.call('HGET', KEYS[1], 't') or tostring(burst))
local a = tonumber(redis.call('HGET', KEYS[1], 'a') or tostring(now))
local elapsed = now - a
if elapsed < 0 then elapsed = 0 end
t = math.min(burst, t + elapsed * rate / 60000)
local full_ms = math.ceil(burst * 60000 / rate) + 1000
if t >= 1 then
  redis.call('HSET', KEYS[1], 't', tostring(t - 1), 'a', now)
  redis.call('PEXPIRE', KEYS[1], full_ms)
  return {1, 0}
end
redis.call('HSET', KEYS[1], 't', tostring(t), 'a', now)
redis.call('PEXPIRE', KEYS[1], full_ms)
return {0, math.ceil((1 - t) * 60000 / rate)}
`;

export interface RateStore {
  take(key: string, nowMs: number, policy: RatePolicy): Promise<{ allowed: boolean; waitMs: number }>;
}

/** One process (no Redis): a map, bounded; a full bucket is the same as no entry, so those are dropped first. */
export class MemoryRateStore implements RateStore {
  private readonly buckets = new Map<string, BucketState>();

  constructor(private readonly maxKeys = 100_000) {}

  async take(key: string, nowMs: number, policy: RatePolicy): Promise<{ allowed: boolean; waitMs: number }> {
    const result = takeToken(this.buckets.get(key), nowMs, policy);
    if (this.buckets.size >= this.maxKeys && !this.buckets.has(key)) {
      for (const [k, s] of this.buckets) if (takeToken(s, nowMs, policy).state.tokens >= policy.burst - 1) this.buckets.delete(k);
      if (this.buckets.size >= this.maxKeys) this.buckets.clear();
    }
    this.buckets.set(key, result.state);
    return { allowed: result.allowed, waitMs: result.waitMs };
  }
}
