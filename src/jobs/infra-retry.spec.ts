import { InfraRetryState, infraRetryPolicy, nextInfraRetry, RetryLaterError } from './infra-retry';

describe('nextInfraRetry', () => {
  const policy = infraRetryPolicy(10); // 2 s doubling, capped at 30 s, for 10 minutes

  it('doubles from 2 s and caps at 30 s: 2, 4, 8, 16, 30, 30 s', () => {
    let state: InfraRetryState | undefined;
    const delays: number[] = [];
    for (let i = 0; i < 6; i++) {
      const next = nextInfraRetry(state, 1000 + i, policy)!;
      delays.push(next.delayMs);
      state = next.state;
    }
    expect(delays).toEqual([2000, 4000, 8000, 16000, 30000, 30000]);
    expect(state).toEqual({ since: 1000, retries: 6 });
  });

  it('rides out a 20 s outage within 4 retries (2 + 4 + 8 + 16 = 30 s of waiting)', () => {
    let state: InfraRetryState | undefined;
    let waited = 0;
    let retries = 0;
    while (waited < 20_000) {
      const next = nextInfraRetry(state, waited, policy)!;
      waited += next.delayMs;
      state = next.state;
      retries++;
    }
    expect([retries, waited]).toEqual([4, 30_000]);
  });

  it('stops retrying once the window since the first error is over', () => {
    const first = nextInfraRetry(undefined, 5_000, policy)!;
    expect(nextInfraRetry(first.state, 5_000 + 599_999, policy)).not.toBeNull();
    expect(nextInfraRetry(first.state, 5_000 + 600_000, policy)).toBeNull();
    expect(nextInfraRetry(undefined, 0, infraRetryPolicy(0))).toBeNull();
  });

  it('keeps the cause and its message', () => {
    const cause = Object.assign(new Error('connect ECONNREFUSED'), { code: 'ECONNREFUSED' });
    const error = new RetryLaterError(cause);
    expect([error.message, error.cause]).toEqual(['connect ECONNREFUSED', cause]);
  });
});
