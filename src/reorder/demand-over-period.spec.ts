import { calibratedReorderPoint, CalibratedReorderPointInput, undershootMoments } from './demand-over-period';
import { gammaCdf } from './gamma';

function anInput(overrides: Partial<CalibratedReorderPointInput> = {}): CalibratedReorderPointInput {
  return { demandPerDay: 10, demandSdPerDay: 3, leadTimeDays: 9, leadTimeSdDays: 0, reviewPeriodDays: 1, serviceLevel: 0.95, fillRateTarget: null, orderQuantityUnits: 280, ...overrides };
}

describe('calibrated reorder point', () => {
  it('undershoot of deterministic steps is uniform: mean m/2, variance m²/12', () => {
    const u = undershootMoments(70, 0);
    expect(u.mean).toBeCloseTo(35, 12);
    expect(u.variance).toBeCloseTo(4900 / 12, 9);
  });

  it('undershoot of exponential steps is exponential: mean m, variance m² (memoryless)', () => {
    const u = undershootMoments(10, 100);
    expect(u.mean).toBeCloseTo(10, 12);
    expect(u.variance).toBeCloseTo(100, 9);
  });

  it('covers lead-time demand plus undershoot: d=10, σ_d=3, L=9, R=1', () => {
    const r = calibratedReorderPoint(anInput());
    // D_L: mean 90, variance 81; U: E[U] = (9+100)/20 = 5.45
    expect(r.leadTimeDemandMeanUnits).toBeCloseTo(90, 12);
    expect(r.leadTimeDemandSdUnits).toBeCloseTo(9, 12);
    expect(r.expectedUndershootUnits).toBeCloseTo(5.45, 12);
    expect(r.coveredDemandMeanUnits).toBeCloseTo(95.45, 12);
    const gamma = { shape: r.coveredDemandShape!, scale: r.coveredDemandScaleUnits! };
    expect(r.coveredDemandShape! * r.coveredDemandScaleUnits!).toBeCloseTo(95.45, 9);
    expect(gammaCdf(r.reorderPointUnits, gamma)).toBeCloseTo(0.95, 9);
    expect(r.quantileProbability).toBe(0.95);
  });

  it('adds lead-time variance d²·σ_L²', () => {
    const r = calibratedReorderPoint(anInput({ leadTimeSdDays: 2 }));
    expect(r.leadTimeDemandSdUnits).toBeCloseTo(Math.sqrt(81 + 400), 12);
  });

  it('with weekly review covers about half a week of demand more, not a whole week', () => {
    const nightly = calibratedReorderPoint(anInput());
    const weekly = calibratedReorderPoint(anInput({ reviewPeriodDays: 7 }));
    // E[U] for D_7 (mean 70, variance 63) = (63 + 4900)/140 = 35.45
    expect(weekly.expectedUndershootUnits).toBeCloseTo(35.45, 12);
    expect(weekly.reorderPointUnits - nightly.reorderPointUnits).toBeGreaterThan(30);
    expect(weekly.reorderPointUnits - nightly.reorderPointUnits).toBeLessThan(70);
  });

  it('raises s to meet a fill-rate target when it binds, and not otherwise', () => {
    const loose = calibratedReorderPoint(anInput({ serviceLevel: 0.6, fillRateTarget: 0.5 }));
    expect(loose.reorderPointUnits).toBeCloseTo(calibratedReorderPoint(anInput({ serviceLevel: 0.6 })).reorderPointUnits, 12);
    const tight = calibratedReorderPoint(anInput({ serviceLevel: 0.6, fillRateTarget: 0.9999 }));
    expect(tight.reorderPointUnits).toBeGreaterThan(loose.reorderPointUnits);
    expect(tight.quantileProbability).toBeGreaterThan(0.99);
  });

  it('is 0 with no demand', () => {
    expect(calibratedReorderPoint(anInput({ demandPerDay: 0, demandSdPerDay: 0 })).reorderPointUnits).toBe(0);
  });
});

describe('calibrated reorder point with small orders', () => {
  it('floors s at quantile(D over L + R) − Q when orders cover less than a review period', () => {
    const small = calibratedReorderPoint(anInput({ reviewPeriodDays: 7, orderQuantityUnits: 10 }));
    expect(small.binding).toBe('order-up-to');
    expect(small.reorderPointUnits).toBeCloseTo(small.orderUpToBoundUnits, 12);
    // D over 16 days: mean 160, sd 12 → 95 % quantile ≈ 180, minus Q = 10
    expect(small.reorderPointUnits).toBeGreaterThan(165);
    expect(small.reorderPointUnits).toBeLessThan(175);
  });

  it('leaves s to the undershoot quantile when orders are large', () => {
    const large = calibratedReorderPoint(anInput({ reviewPeriodDays: 7, orderQuantityUnits: 280 }));
    expect(large.binding).toBe('undershoot');
    expect(large.orderUpToBoundUnits).toBeLessThan(large.reorderPointUnits);
  });
});

describe('calibrated reorder point with a variable lead time and deliveries in order', () => {
  it('takes the order interval τ = (Q + E[U])/d and its sd √(τ·(σ_d/d)² + R²/12)', () => {
    const r = calibratedReorderPoint(anInput());
    // E[U] = 5.45 (above): τ = (280 + 5.45)/10 = 28.545 days; sd² = 28.545·0.09 + 1/12
    expect(r.orderIntervalDays).toBeCloseTo(28.545, 12);
    expect(r.orderIntervalSdDays).toBeCloseTo(Math.sqrt(28.545 * 0.09 + 1 / 12), 12);
  });

  it('changes nothing when the lead time is fixed', () => {
    const inOrder = calibratedReorderPoint(anInput({ orderQuantityUnits: 10, deliveries: 'in-order' }));
    const independent = calibratedReorderPoint(anInput({ orderQuantityUnits: 10, deliveries: 'independent' }));
    expect(inOrder.reorderPointUnits).toBe(independent.reorderPointUnits);
    expect(inOrder.exposureDays).toBe(9);
    expect(inOrder.heldBackShare).toBe(0);
  });

  it('covers a longer exposure than the lead time when small orders can be held back behind a late one', () => {
    const base = anInput({ leadTimeDays: 45, leadTimeSdDays: 11.25, orderQuantityUnits: 70 });
    const inOrder = calibratedReorderPoint({ ...base, deliveries: 'in-order' });
    const independent = calibratedReorderPoint({ ...base, deliveries: 'independent' });
    expect(independent.exposureDays).toBe(45);
    expect(independent.leadTimeDemandSdUnits).toBeCloseTo(Math.sqrt(45 * 9 + 100 * 11.25 ** 2), 12);
    // τ = (70 + 5.45)/10 ≈ 7.5 days against a lead-time sd of 11.25: ~40 % of orders held back
    expect(inOrder.heldBackShare).toBeGreaterThan(0.3);
    expect(inOrder.heldBackShare).toBeLessThan(0.5);
    expect(inOrder.exposureDays).toBeGreaterThan(48);
    expect(inOrder.leadTimeDemandMeanUnits).toBeCloseTo(10 * inOrder.exposureDays, 12);
    expect(inOrder.reorderPointUnits).toBeGreaterThan(independent.reorderPointUnits + 20);
  });

  it('is the default', () => {
    const base = anInput({ leadTimeDays: 45, leadTimeSdDays: 11.25, orderQuantityUnits: 70 });
    expect(calibratedReorderPoint(base).reorderPointUnits).toBe(calibratedReorderPoint({ ...base, deliveries: 'in-order' }).reorderPointUnits);
    expect(calibratedReorderPoint(base).deliveries).toBe('in-order');
  });
});
