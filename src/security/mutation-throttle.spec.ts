import { MemoryRateStore, RatePolicy, takeToken } from './mutation-throttle';

describe('takeToken (per-user mutation bucket)', () => {
  const policy: RatePolicy = { perMinute: 60, burst: 3 };

  it('lets a full bucket of 3 through at once, refuses the 4th for 1 s (60 a minute = one a second)', () => {
    let state = undefined;
    for (let i = 0; i < 3; i++) {
      const step = takeToken(state, 0, policy);
      expect(step.allowed).toBe(true);
      state = step.state;
    }
    expect(state).toEqual({ tokens: 0, atMs: 0 });
    const fourth = takeToken(state, 0, policy);
    expect(fourth).toMatchObject({ allowed: false, waitMs: 1000 });
    // Half a second later half a token is back: 500 ms more to wait.
    expect(takeToken(fourth.state, 500, policy)).toMatchObject({ allowed: false, waitMs: 500 });
    expect(takeToken(fourth.state, 1000, policy)).toMatchObject({ allowed: true, state: { tokens: 0, atMs: 1000 } });
  });

  it('refills to the burst and no further: after 10 s idle only 3 go through', () => {
    const empty = { tokens: 0, atMs: 0 };
    const refilled = takeToken(empty, 10_000, policy);
    expect(refilled.state.tokens).toBe(2);
  });

  it('a steady caller at the rate is never refused (one a second for 5 minutes at 60 a minute)', () => {
    let state = undefined;
    for (let t = 0; t < 300_000; t += 1000) {
      const step = takeToken(state, t, policy);
      expect(step.allowed).toBe(true);
      state = step.state;
    }
  });

  it('the memory store keeps one bucket per key', async () => {
    const store = new MemoryRateStore();
    for (let i = 0; i < 3; i++) expect((await store.take('alice', 0, policy)).allowed).toBe(true);
    expect(await store.take('alice', 0, policy)).toEqual({ allowed: false, waitMs: 1000 });
    expect((await store.take('bob', 0, policy)).allowed).toBe(true);
  });
});
