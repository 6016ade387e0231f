/**
 * Slows password guessing: after `maxFailures` failed logins for one user name within `windowMs`,
 * further attempts for that name are refused until the window has passed. A success clears the
 * count. Per process (each API process keeps its own); the clock is passed in, so it is testable.
 */
export class LoginThrottle {
  private readonly failures = new Map<string, number[]>();

  constructor(
    private readonly maxFailures = 10,
    private readonly windowMs = 15 * 60_000,
  ) {}

  /** Milliseconds until `key` may try again; 0 when it may try now. */
  retryAfterMs(key: string, now: number): number {
    const recent = this.recent(key, now);
    return recent.length >= this.maxFailures ? recent[0] + this.windowMs - now : 0;
  }

  recordFailure(key: string, now: number): void {
    const recent = this.recent(key, now);
    recent.push(now);
    this.failures.set(key, recent);
    if (this.failures.size > 100_000) this.failures.clear(); // bound memory under a flood of names
  }

  recordSuccess(key: string): void {
    this.failures.delete(key);
  }

  private recent(key: string, now: number): number[] {
    return (this.failures.get(key) ?? []).filter((t) => now - t < this.windowMs);
  }
}
