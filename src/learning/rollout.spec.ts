import { rolloutReadiness, RolloutMetrics } from './rollout';

const good: RolloutMetrics = { forecastCompletionPct: 96, mapePct: 22, reviewedPct: 85, approvalRatePct: 70, automatedPct: 82 };

describe('rolloutReadiness', () => {
  it('advances shadow → notify at ≥ 90 % completion and MAPE < 35 %', () => {
    expect(rolloutReadiness('shadow', { ...good, reviewedPct: null }).verdict).toBe('advance');
    expect(rolloutReadiness('shadow', { ...good, forecastCompletionPct: 90 }).suggestedPhase).toBe('notify');
  });

  it('holds shadow when MAPE is 35 % or completion under 90 % (boundaries as the plan states them)', () => {
    expect(rolloutReadiness('shadow', { ...good, mapePct: 35 }).verdict).toBe('hold');
    expect(rolloutReadiness('shadow', { ...good, forecastCompletionPct: 89.9 }).verdict).toBe('hold');
    expect(rolloutReadiness('shadow', { ...good, mapePct: null }).verdict).toBe('hold');
  });

  it('advances notify at 80 % reviewed and draft at 60 % approved', () => {
    expect(rolloutReadiness('notify', { ...good, reviewedPct: 80 })).toMatchObject({ verdict: 'advance', suggestedPhase: 'draft' });
    expect(rolloutReadiness('notify', { ...good, reviewedPct: 79 }).verdict).toBe('hold');
    expect(rolloutReadiness('draft', { ...good, approvalRatePct: 60 })).toMatchObject({ verdict: 'advance', suggestedPhase: 'auto' });
    expect(rolloutReadiness('draft', { ...good, approvalRatePct: 59 }).verdict).toBe('hold');
  });

  it('holds auto when it meets its criterion (no next phase)', () => {
    expect(rolloutReadiness('auto', good)).toMatchObject({ verdict: 'hold', suggestedPhase: 'auto' });
  });

  it('steps back when an earlier phase’s criterion fails', () => {
    expect(rolloutReadiness('draft', { ...good, mapePct: 41 })).toMatchObject({ verdict: 'step_back', suggestedPhase: 'notify' });
    expect(rolloutReadiness('auto', { ...good, approvalRatePct: 40 })).toMatchObject({ verdict: 'step_back', suggestedPhase: 'draft' });
  });

  it('reports every criterion with its value and whether it is met', () => {
    const r = rolloutReadiness('notify', { ...good, reviewedPct: 50 });
    expect(r.criteria.find((c) => c.metric === 'reviewedPct')).toEqual({ phase: 'notify', metric: 'reviewedPct', comparator: '>=', threshold: 80, value: 50, met: false });
  });
});
