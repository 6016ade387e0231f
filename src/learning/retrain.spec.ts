import { fallbackDecision, retrainDecision, shouldPromote } from './retrain';

describe('retrainDecision', () => {
  const calm = { lastWeekMapePct: 22, driftEvents: 0, modelAgeDays: 3, maxAgeDays: 7 };

  it('skips when MAPE ≤ 30 %, no drift and the model is young, and says why', () => {
    const d = retrainDecision(calm);
    expect(d.retrain).toBe(false);
    expect(d.reasons[0]).toMatch(/skipped: MAPE 22.0 % ≤ 30 %/);
    expect(retrainDecision({ ...calm, lastWeekMapePct: 30 }).retrain).toBe(false);
  });

  it('retrains on MAPE > 30 %, on drift, on age and without a model', () => {
    expect(retrainDecision({ ...calm, lastWeekMapePct: 30.1 })).toEqual({ retrain: true, reasons: ["last week's MAPE 30.1 % > 30 %"] });
    expect(retrainDecision({ ...calm, driftEvents: 2 }).reasons).toEqual(['drift detected on 2 SKUs']);
    expect(retrainDecision({ ...calm, modelAgeDays: 7.5 }).retrain).toBe(true);
    expect(retrainDecision({ ...calm, modelAgeDays: 7 }).retrain).toBe(false);
    expect(retrainDecision({ ...calm, modelAgeDays: null }).reasons).toEqual(['no production model']);
  });
});

describe('shouldPromote', () => {
  it('promotes a challenger only when it beats the champion', () => {
    expect(shouldPromote(0.8, 0.9)).toBe(true);
    expect(shouldPromote(0.9, 0.9)).toBe(false);
    expect(shouldPromote(1.1, 0.9)).toBe(false);
    expect(shouldPromote(1.1, null)).toBe(true);
    expect(shouldPromote(NaN, null)).toBe(false);
  });
});

describe('fallbackDecision', () => {
  it('enters the seasonal-naive fallback above 50 % MAPE', () => {
    expect(fallbackDecision({ active: false, overallMapePct: 50.5, retrainedModelPassed: false })).toEqual({ active: true, change: 'enter' });
    expect(fallbackDecision({ active: false, overallMapePct: 50, retrainedModelPassed: false })).toEqual({ active: false, change: 'stay_off' });
  });

  it('stays on until a retrained model passes, then recovers', () => {
    expect(fallbackDecision({ active: true, overallMapePct: 20, retrainedModelPassed: false })).toEqual({ active: true, change: 'stay_on' });
    expect(fallbackDecision({ active: true, overallMapePct: 60, retrainedModelPassed: true })).toEqual({ active: false, change: 'recover' });
  });
});
