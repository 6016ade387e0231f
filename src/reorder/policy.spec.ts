import {
  daysUntilStockout,
  demandSdOverPeriod,
  dailyDemandFromWeekly,
  economicOrderQuantity,
  orderQuantity,
  recommendReorder,
  ReorderInput,
  reorderPriority,
  stockPosition,
  targetServiceLevel,
  DAYS_UNTIL_STOCKOUT_CAP,
} from './policy';

/** d = 10/day and σ_d = 3/day as a weekly forecast: mean 70/week, sd 3·√7/week. */
function anInput(overrides: Partial<ReorderInput> = {}): ReorderInput {
  return {
    forecast: { meanPerWeek: [70, 70, 70, 70], sdPerWeek: [3 * Math.sqrt(7), 3 * Math.sqrt(7), 3 * Math.sqrt(7), 3 * Math.sqrt(7)] },
    leadTimeDays: 9,
    leadTimeSdDays: 0,
    reviewPeriodDays: 1,
    serviceLevel: 0.95,
    onHandUnits: 50,
    onOrderUnits: 60,
    backorderedUnits: 5,
    method: 'normal',
    ...overrides,
  };
}

describe('reorder policy, textbook normal method', () => {
  it('derives daily mean and sd from the weekly forecast (σ_d = σ_week/√7)', () => {
    const { demandPerDay, demandSdPerDay } = dailyDemandFromWeekly(anInput().forecast);
    expect(demandPerDay).toBeCloseTo(10, 12);
    expect(demandSdPerDay).toBeCloseTo(3, 12);
  });

  it('computes σ_P, safety stock, s and S by hand: d=10, σ_d=3, L=9, R=1', () => {
    const r = recommendReorder(anInput());
    expect(r.protectionIntervalDays).toBe(10);
    expect(r.demandOverProtectionUnits).toBeCloseTo(100, 10);
    expect(r.demandSdOverProtectionUnits).toBeCloseTo(3 * Math.sqrt(10), 10); // 9.4868
    expect(r.z).toBeCloseTo(1.6448536, 7);
    expect(r.safetyStockUnits).toBeCloseTo(15.6045, 3); // 1.6448536 × 9.48683
    expect(r.reorderPointUnits).toBeCloseTo(115.6045, 3);
    expect(r.cycleStockUnits).toBeCloseTo(280, 10); // 4 weeks × 70
    expect(r.orderUpToUnits).toBeCloseTo(395.6045, 3);
  });

  it('uses on hand + on order − backorders and orders S − position', () => {
    const r = recommendReorder(anInput());
    expect(r.stockPositionUnits).toBe(105);
    expect(r.reorderDue).toBe(true);
    expect(r.orderQuantityUnits).toBeCloseTo(395.6045 - 105, 3);
  });

  it('adds lead-time variability: σ_P = √(P·σ_d² + d²·σ_L²)', () => {
    expect(demandSdOverPeriod(10, 3, 10, 2)).toBeCloseTo(Math.sqrt(90 + 400), 12);
    const r = recommendReorder(anInput({ leadTimeSdDays: 2 }));
    expect(r.demandSdOverProtectionUnits).toBeCloseTo(Math.sqrt(490), 10);
  });

  it('lengthens the protection interval by the review period of a weekly supplier', () => {
    const r = recommendReorder(anInput({ reviewPeriodDays: 7 }));
    expect(r.protectionIntervalDays).toBe(16);
    expect(r.demandSdOverProtectionUnits).toBeCloseTo(3 * Math.sqrt(16), 10);
  });

  it('rounds the order up to the lot size', () => {
    expect(recommendReorder(anInput({ lotSizeUnits: 25 })).orderQuantityUnits).toBe(300); // 290.6 → 12 lots
    expect(orderQuantity(100, 120, 200, 50)).toBe(100);
    expect(orderQuantity(100, 120, 201, 50)).toBe(150);
  });

  it('orders at least the minimum order quantity, itself rounded to the lot', () => {
    expect(recommendReorder(anInput({ minOrderQtyUnits: 400 })).orderQuantityUnits).toBe(400);
    expect(orderQuantity(100, 120, 150, 30, 70)).toBe(90);
  });

  it('orders nothing while the position is above s', () => {
    const r = recommendReorder(anInput({ onHandUnits: 200, onOrderUnits: 0, backorderedUnits: 0, minOrderQtyUnits: 50 }));
    expect(r.reorderDue).toBe(false);
    expect(r.orderQuantityUnits).toBe(0);
    expect(r.priority).toBe('low');
  });

  it('keeps S above s when the lead time exceeds the 4 weeks of cycle stock', () => {
    const r = recommendReorder(anInput({ leadTimeDays: 45, onHandUnits: 400, onOrderUnits: 0, backorderedUnits: 0 }));
    expect(r.reorderPointUnits).toBeGreaterThan(460);
    expect(r.orderUpToUnits - r.reorderPointUnits).toBeCloseTo(280, 10);
    expect(r.orderQuantityUnits).toBeCloseTo(r.orderUpToUnits - 400, 10);
  });

  it('uses the EOQ as cycle stock when ordering and holding costs are set', () => {
    // D = 3650/year, K = 50, h = 0.25, c = 20: √(2·3650·50 / 5) = 270.19
    expect(economicOrderQuantity(3650, { orderingCost: 50, holdingCostRatePerYear: 0.25, unitCost: 20 })).toBeCloseTo(270.185, 3);
    const r = recommendReorder(anInput({ economicOrder: { orderingCost: 50, holdingCostRatePerYear: 0.25, unitCost: 20 } }));
    expect(r.cycleStockUnits).toBeCloseTo(270.185, 3);
    expect(r.economicOrderQuantityUnits).toBeCloseTo(270.185, 3);
  });

  it('raises the safety factor to meet a fill-rate target when that binds', () => {
    const plain = recommendReorder(anInput({ serviceLevel: 0.5 }));
    const withFill = recommendReorder(anInput({ serviceLevel: 0.5, fillRateTarget: 0.999 }));
    // σ_P·G(k) = 0.001·280 → G(k) = 0.02951 → k ≈ 1.5
    expect(plain.safetyFactor).toBeCloseTo(0, 12);
    expect(withFill.safetyFactor!).toBeGreaterThan(1.4);
    expect(withFill.safetyFactor!).toBeLessThan(1.6);
  });

  it('computes days until stockout and guards zero demand', () => {
    const r = recommendReorder(anInput());
    expect(r.daysUntilStockout).toBeCloseTo((105 - r.safetyStockUnits) / 10, 10); // 8.94
    expect(daysUntilStockout(100, 10, 0)).toBe(DAYS_UNTIL_STOCKOUT_CAP);
    const idle = recommendReorder(anInput({ forecast: { meanPerWeek: [0], sdPerWeek: [0] }, onHandUnits: 0, onOrderUnits: 0, backorderedUnits: 0, minOrderQtyUnits: 10 }));
    expect(idle.orderQuantityUnits).toBe(0);
    expect(idle.priority).toBe('low');
  });

  it('sets priority at the lead-time boundaries: stock gone, safety stock touched, routine, nothing due', () => {
    // L = 9 days. Empty before delivery → urgent; into the safety stock before delivery → high.
    expect(reorderPriority(5, 9, true, 8.99)).toBe('urgent');
    expect(reorderPriority(8.99, 9, true, 9)).toBe('high');
    expect(reorderPriority(9, 9, true, 12)).toBe('medium');
    expect(reorderPriority(9, 9, false, 12)).toBe('low');
    // Without the position in days, the days until stockout stand for it (no safety stock).
    expect(reorderPriority(8.99, 9, true)).toBe('urgent');
    // The hand-checked input: position 105, d = 10 a day, SS 15.6: empty in 10.5 days ≥ 9, into SS in 8.94 < 9.
    expect(recommendReorder(anInput()).priority).toBe('high');
    expect(recommendReorder(anInput({ onHandUnits: 20 })).priority).toBe('urgent'); // (20 + 60 − 5) / 10 = 7.5 days < 9
  });

  it('carries every input so a recommendation can be recomputed', () => {
    const r = recommendReorder(anInput({ lotSizeUnits: 25 }));
    expect(recommendReorder({ ...r.inputs })).toEqual(r);
  });

  it('names the bad field', () => {
    expect(() => recommendReorder(anInput({ serviceLevel: 1.2 }))).toThrow(/serviceLevel/);
    expect(() => recommendReorder(anInput({ leadTimeDays: -1 }))).toThrow(/leadTimeDays/);
    expect(() => recommendReorder(anInput({ forecast: { meanPerWeek: [1, 2], sdPerWeek: [1] } }))).toThrow(/sdPerWeek/);
    expect(() => recommendReorder(anInput({ onOrderUnits: NaN }))).toThrow(/onOrderUnits/);
  });

  it('resolves the class target with per-item override', () => {
    expect(targetServiceLevel('A')).toBe(0.99);
    expect(targetServiceLevel('B')).toBe(0.95);
    expect(targetServiceLevel('C')).toBe(0.9);
    expect(targetServiceLevel('C', 0.97)).toBe(0.97);
    expect(stockPosition(5, 3, 2)).toBe(6);
  });
});

describe('reorder policy, calibrated method (default)', () => {
  it('is the default and sets s at the gamma quantile of lead-time demand plus undershoot', () => {
    const r = recommendReorder(anInput({ method: undefined }));
    expect(r.method).toBe('calibrated');
    expect(r.calibrated).not.toBeNull();
    expect(r.reorderPointUnits).toBeCloseTo(r.calibrated!.reorderPointUnits, 12);
    // lead-time demand 90 plus expected undershoot (9 + 100)/20 = 5.45
    expect(r.calibrated!.coveredDemandMeanUnits).toBeCloseTo(95.45, 10);
    expect(r.safetyStockUnits).toBeCloseTo(r.reorderPointUnits - 100, 10);
    expect(r.orderUpToUnits - r.reorderPointUnits).toBeCloseTo(280, 10);
  });

  it('covers less than a whole extra review period with weekly review, more than lead-time demand', () => {
    const r = recommendReorder(anInput({ method: 'calibrated', reviewPeriodDays: 7, serviceLevel: 0.9 }));
    expect(r.reorderPointUnits).toBeGreaterThan(90 + 35);
    expect(r.reorderPointUnits).toBeLessThan(160 + 1.2816 * r.demandSdOverProtectionUnits);
  });

  it('splits a shared forecast error out of the weekly sd when the total sd is given', () => {
    // 4 weeks of sd 10 with total sd 30: Var(total) 900 = 4·100 + 12·σ_c² → σ_c² = 41.67
    const split = dailyDemandFromWeekly({ meanPerWeek: [70, 70, 70, 70], sdPerWeek: [10, 10, 10, 10], totalSd: 30 });
    expect(split.sharedSdPerDay).toBeCloseTo(Math.sqrt(500 / 12) / 7, 12);
    expect(split.independentSdPerDay).toBeCloseTo(Math.sqrt((100 - 500 / 12) / 7), 12);
    expect(split.demandSdPerDay).toBeCloseTo(10 / Math.sqrt(7), 12);
    const independent = dailyDemandFromWeekly({ meanPerWeek: [70, 70], sdPerWeek: [10, 10], totalSd: Math.sqrt(200) });
    expect(independent.sharedSdPerDay).toBeLessThan(1e-6);
  });

  it('raises s for a shared forecast error, and the normal method ignores it', () => {
    const base = anInput({ forecast: { meanPerWeek: [70, 70, 70, 70], sdPerWeek: [10, 10, 10, 10] } });
    const shared = anInput({ forecast: { meanPerWeek: [70, 70, 70, 70], sdPerWeek: [10, 10, 10, 10], totalSd: 30 } });
    expect(recommendReorder({ ...shared, method: 'calibrated' }).reorderPointUnits).toBeGreaterThan(recommendReorder({ ...base, method: 'calibrated' }).reorderPointUnits);
    expect(recommendReorder({ ...shared, method: 'normal' }).reorderPointUnits).toBeCloseTo(recommendReorder({ ...base, method: 'normal' }).reorderPointUnits, 12);
  });

  it('recomputes from its own inputs', () => {
    const r = recommendReorder(anInput({ method: 'calibrated', leadTimeSdDays: 3, fillRateTarget: 0.99 }));
    expect(recommendReorder({ ...r.inputs })).toEqual(r);
  });
});

describe('reorder policy over a grid of extreme inputs', () => {
  it('stays finite, keeps S ≥ s and raises s with the service level', () => {
    for (const meanPerDay of [0, 1e-4, 0.1, 10, 1e6]) {
      for (const cv of [0, 0.3, 3, 50]) {
        for (const leadTimeDays of [0, 5, 365]) {
          for (const reviewPeriodDays of [1, 7]) {
            const week = 7 * meanPerDay;
            const sdWeek = cv * week;
            const forecast = { meanPerWeek: [week, week], sdPerWeek: [sdWeek, sdWeek], totalSd: 3 * sdWeek };
            let previous = -Infinity;
            for (const serviceLevel of [0.5, 0.9, 0.99, 0.9999]) {
              const r = recommendReorder({ forecast, leadTimeDays, leadTimeSdDays: leadTimeDays / 4, reviewPeriodDays, serviceLevel, onHandUnits: 0, onOrderUnits: 0 });
              for (const value of [r.reorderPointUnits, r.orderUpToUnits, r.orderQuantityUnits, r.daysUntilStockout]) expect(Number.isFinite(value)).toBe(true);
              expect(r.orderUpToUnits).toBeGreaterThanOrEqual(r.reorderPointUnits);
              expect(r.reorderPointUnits).toBeGreaterThanOrEqual(previous - 1e-9 * Math.abs(previous));
              previous = r.reorderPointUnits;
            }
          }
        }
      }
    }
  });
});
