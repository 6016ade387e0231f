import { attempt, delayAfterMs, MemoryAttemptStore, ThrottlePolicy, ThrottleState } from './login-throttle';

const policy: ThrottlePolicy = { freeAttempts: 3, baseDelayMs: 1000, maxDelayMs: 8000, windowMs: 60_000 };

describe('delayAfterMs', () => {
  it('is 0 for the free attempts, then doubles from the base up to the cap', () => {
    expect([1, 2, 3, 4, 5, 6, 7].map((n) => delayAfterMs(n, policy))).toEqual([0, 0, 1000, 2000, 4000, 8000, 8000]);
  });
});

describe('attempt', () => {
  it('lets free attempts through at once, then only after the delay', () => {
    let state: ThrottleState | undefined;
    for (let i = 0; i < 3; i++) {
      const r = attempt(state, 0, policy);
      expect(r.allowed).toBe(true);
      state = r.state;
    }
    // the 3rd attempt set the next allowed time to 0 + 1000
    expect(attempt(state, 400, policy)).toMatchObject({ allowed: false, waitMs: 600 });
    const fourth = attempt(state, 1000, policy);
    expect(fourth).toMatchObject({ allowed: true, state: { attempts: 4, nextAllowedAtMs: 3000 } });
  });
});

describe('MemoryAttemptStore', () => {
  it('counts concurrent attempts exactly: of 30 at once, only the free ones pass', async () => {
    const store = new MemoryAttemptStore();
    const results = await Promise.all(Array.from({ length: 30 }, () => store.attempt('ip|alice', 5000, policy)));
    expect(results.filter((r) => r.allowed)).toHaveLength(3);
  });

  it('keeps keys apart and forgets a key after clear()', async () => {
    const store = new MemoryAttemptStore();
    for (let i = 0; i < 3; i++) await store.attempt('a', 0, policy);
    expect((await store.attempt('a', 10, policy)).allowed).toBe(false);
    expect((await store.attempt('b', 10, policy)).allowed).toBe(true);
    await store.clear('a');
    expect((await store.attempt('a', 10, policy)).allowed).toBe(true);
  });

  it('forgets a quiet key after the window', async () => {
    const store = new MemoryAttemptStore();
    for (let i = 0; i < 3; i++) await store.attempt('a', 0, policy);
    expect((await store.attempt('a', 61_001, policy)).allowed).toBe(true);
  });
});
