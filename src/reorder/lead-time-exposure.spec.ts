import { leadTimeExposure, LeadTimeExposureInput } from './lead-time-exposure';
import { mixSeed, sampleGamma, xoshiro128ss } from '../common/prng';

function anInput(overrides: Partial<LeadTimeExposureInput> = {}): LeadTimeExposureInput {
  return { leadTimeDays: 30, leadTimeSdDays: 7.5, orderIntervalDays: 7, deliveries: 'in-order', ...overrides };
}

/**
 * Brute force: orders every τ days with gamma lead times, delivered in order
 * (A_n = max(t_n + L_n, A_{n−1})); a replenishment is an order that was not held back, and its
 * exposure is its own lead time.
 */
function simulateExposure(input: LeadTimeExposureInput, orders: number, seed: number): { mean: number; variance: number; heldBackShare: number } {
  const rand = xoshiro128ss(mixSeed(seed, 11));
  const shape = (input.leadTimeDays / input.leadTimeSdDays) ** 2;
  const scale = input.leadTimeSdDays ** 2 / input.leadTimeDays;
  let previousArrival = -Infinity;
  let sum = 0;
  let sumSquares = 0;
  let replenishments = 0;
  for (let n = 0; n < orders; n++) {
    const leadTime = sampleGamma(rand, shape, scale);
    const arrival = n * input.orderIntervalDays + leadTime;
    if (arrival > previousArrival) {
      sum += leadTime;
      sumSquares += leadTime * leadTime;
      replenishments++;
      previousArrival = arrival;
    }
  }
  const mean = sum / replenishments;
  return { mean, variance: sumSquares / replenishments - mean * mean, heldBackShare: 1 - replenishments / orders };
}

describe('lead-time exposure', () => {
  it('is the lead time itself when deliveries may cross', () => {
    expect(leadTimeExposure(anInput({ deliveries: 'independent' }))).toEqual({ meanDays: 30, varianceDays: 56.25, heldBackShare: 0 });
  });

  it('is the lead time itself when the lead time is fixed', () => {
    expect(leadTimeExposure(anInput({ leadTimeSdDays: 0 }))).toEqual({ meanDays: 30, varianceDays: 0, heldBackShare: 0 });
  });

  it('is the lead time itself when orders are further apart than the whole lead-time spread', () => {
    // τ = 60 > 9·√2·4.5 = 57.3: two lead times never differ by τ
    expect(leadTimeExposure(anInput({ leadTimeSdDays: 4.5, orderIntervalDays: 60 }))).toEqual({ meanDays: 30, varianceDays: 20.25, heldBackShare: 0 });
  });

  it('holds back about P(L′ − L > τ) of the orders when only the previous order can overtake (hand check)', () => {
    // Nearly normal lead time (shape 400): L′ − L ~ N(0, 2·5²), τ = 10 → Q(10/7.071) = Q(1.414) = 0.0786;
    // two orders back: Q(20/7.071) = Q(2.828) = 0.0023, mostly disjoint from the first → ≈ 0.080.
    const exposure = leadTimeExposure(anInput({ leadTimeDays: 100, leadTimeSdDays: 5, orderIntervalDays: 10 }));
    expect(exposure.heldBackShare).toBeGreaterThan(0.077);
    expect(exposure.heldBackShare).toBeLessThan(0.083);
    // A replenishment is an order that beat the one before it: its lead time is longer on average.
    expect(exposure.meanDays).toBeGreaterThan(100.3);
    expect(exposure.meanDays).toBeLessThan(101.5);
  });

  it.each([
    [30, 7.5, 7],
    [30, 12, 7],
    [45, 11.25, 28],
    [10, 4, 1],
  ])('matches a brute-force simulation of in-order deliveries: L %p ± %p days, an order every %p days', (leadTimeDays, leadTimeSdDays, orderIntervalDays) => {
    const input = anInput({ leadTimeDays, leadTimeSdDays, orderIntervalDays });
    const exposure = leadTimeExposure(input);
    const simulated = simulateExposure(input, 100_000, 42);
    // 100,000 orders: standard errors ≈ σ/√n′ ≈ 0.05 days for the mean, ≈ 1 % for the variance
    expect(Math.abs(exposure.meanDays - simulated.mean)).toBeLessThan(0.1 + 0.003 * leadTimeDays);
    expect(exposure.varianceDays / simulated.variance).toBeGreaterThan(0.96);
    expect(exposure.varianceDays / simulated.variance).toBeLessThan(1.04);
    expect(Math.abs(exposure.heldBackShare - simulated.heldBackShare)).toBeLessThan(0.005);
  });

  it('holds back more orders when the interval between them varies', () => {
    const steady = leadTimeExposure(anInput({ orderIntervalDays: 14 }));
    const variable = leadTimeExposure(anInput({ orderIntervalDays: 14, orderIntervalSdDays: 5 }));
    expect(variable.heldBackShare).toBeGreaterThan(steady.heldBackShare);
    expect(variable.meanDays).toBeGreaterThan(steady.meanDays);
  });

  it('refuses a non-positive order interval', () => {
    expect(() => leadTimeExposure(anInput({ orderIntervalDays: 0 }))).toThrow(RangeError);
  });
});
