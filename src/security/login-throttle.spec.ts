import { LoginThrottle } from './login-throttle';

describe('LoginThrottle', () => {
  it('refuses a name after maxFailures failures inside the window, until the oldest one expires', () => {
    const throttle = new LoginThrottle(3, 1000);
    for (const t of [0, 100, 200]) throttle.recordFailure('alice', t);
    expect(throttle.retryAfterMs('alice', 300)).toBe(700);
    expect(throttle.retryAfterMs('bob', 300)).toBe(0);
    expect(throttle.retryAfterMs('alice', 1000)).toBe(0);
  });

  it('forgets failures after a success', () => {
    const throttle = new LoginThrottle(2, 1000);
    throttle.recordFailure('alice', 0);
    throttle.recordSuccess('alice');
    throttle.recordFailure('alice', 10);
    expect(throttle.retryAfterMs('alice', 20)).toBe(0);
  });
});
