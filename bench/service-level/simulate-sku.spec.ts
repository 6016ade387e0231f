import { simulateSkuPolicy, SkuPolicyRun } from './simulate-sku';
import { trueForecast } from './forecast-inputs';
import { SimulatedSku } from './demand-scenarios';

function aRun(overrides: Partial<SkuPolicyRun> = {}, demandPerDay = 10, days = 400): SkuPolicyRun {
  const sku: SimulatedSku = { id: 1, family: 'gamma', meanPerDay: demandPerDay, sdPerDay: 0, dispersion: null, leadTimeDays: 5, leadTimeSdDays: 0 };
  const demand = new Float64Array(days).fill(demandPerDay);
  return {
    sku,
    demand,
    startDay: 0,
    warmupDays: 50,
    measuredDays: days - 50,
    reviewPeriodDays: 1,
    policyReviewPeriodDays: 1,
    serviceLevel: 0.95,
    method: 'normal',
    forecastAt: () => trueForecast(sku),
    lotSizeUnits: 0,
    seed: 7,
    ...overrides,
  };
}

describe('service-level simulation of one SKU', () => {
  it('never runs out with deterministic demand and a reorder point covering the lead time', () => {
    const outcome = simulateSkuPolicy(aRun());
    // s = 10·6 = 60, S = 340: an order of ~280 every 28 days
    expect(outcome.cycles).toBeGreaterThanOrEqual(11);
    expect(outcome.cycles).toBeLessThanOrEqual(13);
    expect(outcome.stockoutCycles).toBe(0);
    expect(outcome.filledUnits).toBeCloseTo(outcome.demandUnits, 9);
  });

  it('counts a stockout cycle when demand surges late in each cycle', () => {
    const run = aRun();
    const demand = new Float64Array(400).fill(10);
    for (let t = 0; t < 400; t++) if (t % 28 >= 20) demand[t] = 30;
    const outcome = simulateSkuPolicy({ ...run, demand });
    expect(outcome.stockoutCycles).toBeGreaterThan(0);
    expect(outcome.stockoutCycles).toBeLessThanOrEqual(outcome.cycles);
    expect(outcome.filledUnits).toBeLessThan(outcome.demandUnits);
  });

  it('is deterministic for a seed', () => {
    const run = aRun({ method: 'calibrated' });
    expect(simulateSkuPolicy(run)).toEqual(simulateSkuPolicy(run));
  });
});
