/**
 * Login throttling by progressive delay. Every attempt (not only every failure) is counted before
 * the password is checked, atomically, so parallel guesses cannot slip through between a check
 * and a count. The first `freeAttempts` attempts of a key go through at once; after that each
 * attempt must wait `delayAfterMs(attempts)` from the previous one (doubling up to `maxDelayMs`).
 * A successful login clears the key; a quiet `windowMs` forgets it.
 *
 * Keys are per (client IP, user name) — so someone guessing from elsewhere slows only themselves
 * and never locks the real user out from their own address — and per IP across names (a higher
 * free allowance), so one address spraying many names is slowed too. Pure: time is passed in.
 */
export interface ThrottlePolicy {
  freeAttempts: number;
  baseDelayMs: number;
  maxDelayMs: number;
  /** Forget a key this long after its last attempt. */
  windowMs: number;
}

export interface ThrottleState {
  attempts: number;
  /** When the next attempt may go through (ms since the epoch). */
  nextAllowedAtMs: number;
}

export const PER_IP_AND_USER: ThrottlePolicy = { freeAttempts: 5, baseDelayMs: 1000, maxDelayMs: 15 * 60_000, windowMs: 60 * 60_000 };
export const PER_IP: ThrottlePolicy = { freeAttempts: 100, baseDelayMs: 1000, maxDelayMs: 15 * 60_000, windowMs: 15 * 60_000 };

/** The wait imposed after the `attempts`-th attempt: 0 while free, then base × 2^(attempts − free), capped. */
export function delayAfterMs(attempts: number, policy: ThrottlePolicy): number {
  if (attempts < policy.freeAttempts) return 0;
  return Math.min(policy.maxDelayMs, policy.baseDelayMs * 2 ** (attempts - policy.freeAttempts));
}

/** One attempt: allowed (and counted) or refused with how long to wait. */
export function attempt(state: ThrottleState | undefined, nowMs: number, policy: ThrottlePolicy): { allowed: boolean; waitMs: number; state: ThrottleState } {
  const current = state ?? { attempts: 0, nextAllowedAtMs: 0 };
  if (nowMs < current.nextAllowedAtMs) return { allowed: false, waitMs: current.nextAllowedAtMs - nowMs, state: current };
  const attempts = current.attempts + 1;
  return { allowed: true, waitMs: 0, state: { attempts, nextAllowedAtMs: nowMs + delayAfterMs(attempts, policy) } };
}

/**
 * The same step as a Redis script (one key, a hash {a, n}), so several API processes count
 * together and concurrent attempts are serialised by Redis. ARGV: now, free, base, max, window.
 */
export const ATTEMPT_SCRIPT = `
local now = tonumber(ARGV[1])
local free = tonumber(ARGV[2]); local base = tonumber(ARGV[3]); local max = tonumber(ARGV[4]); local window = tonumber(ARGV[5])
local a = tonumber(redis.call('HGET', KEYS[1], 'a') or '0')
local n = tonumber(redis.call('HGET', KEYS[1], 'n') or '0')
if now < n then return {0, n - now} end
a = a + 1
local delay = 0
if a >= free then delay = math.min(max, base * 2 ^ (a - free)) end
redis.call('HSET', KEYS[1], 'a', a, 'n', now + delay)
redis.call('PEXPIRE', KEYS[1], window + delay)
return {1, 0}
`;

export interface AttemptStore {
  attempt(key: string, nowMs: number, policy: ThrottlePolicy): Promise<{ allowed: boolean; waitMs: number }>;
  clear(key: string): Promise<void>;
}

/** One process (no Redis): a map, bounded so a flood of names cannot grow it without end. */
export class MemoryAttemptStore implements AttemptStore {
  private readonly states = new Map<string, { state: ThrottleState; lastMs: number; windowMs: number }>();

  constructor(private readonly maxKeys = 100_000) {}

  async attempt(key: string, nowMs: number, policy: ThrottlePolicy): Promise<{ allowed: boolean; waitMs: number }> {
    const held = this.states.get(key);
    const fresh = held && nowMs - held.lastMs < held.windowMs + Math.max(0, held.state.nextAllowedAtMs - held.lastMs) ? held.state : undefined;
    const result = attempt(fresh, nowMs, policy);
    if (result.allowed) {
      if (this.states.size >= this.maxKeys && !held) this.evictExpired(nowMs);
      this.states.set(key, { state: result.state, lastMs: nowMs, windowMs: policy.windowMs });
    }
    return { allowed: result.allowed, waitMs: result.waitMs };
  }

  async clear(key: string): Promise<void> {
    this.states.delete(key);
  }

  private evictExpired(nowMs: number): void {
    for (const [key, held] of this.states) if (nowMs - held.lastMs >= held.windowMs) this.states.delete(key);
    // Still full: drop the oldest half rather than grow (an attacker's flood, not real users).
    if (this.states.size >= this.maxKeys) [...this.states.keys()].slice(0, this.maxKeys / 2).forEach((k) => this.states.delete(k));
  }
}
