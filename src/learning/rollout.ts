/**
 * Rollout readiness: each phase must earn the next one. The plan's criteria, measured over the
 * KPI window:
 *   shadow → notify: forecast completion ≥ 90 % and MAPE < 35 %
 *   notify → draft:  ≥ 80 % of recommendations reviewed (decided by a person or the system)
 *   draft  → auto:   ≥ 60 % of decided recommendations approved (as recommended)
 *   auto (steady):   ≥ 80 % of purchase orders automated
 * Verdict: the current phase's criteria all met → 'advance' (in auto: 'hold', there is no next);
 * a criterion of an earlier phase, measured and now failing → 'step_back' (the footing the
 * current phase stood on is gone); otherwise 'hold'. A criterion with no data is not met.
 */
export const PHASES = ['shadow', 'notify', 'draft', 'auto'] as const;
export type RolloutPhase = (typeof PHASES)[number];

export interface RolloutMetrics {
  forecastCompletionPct: number | null;
  mapePct: number | null;
  reviewedPct: number | null;
  approvalRatePct: number | null;
  automatedPct: number | null;
}

export interface Criterion {
  phase: RolloutPhase;
  metric: keyof RolloutMetrics;
  comparator: '>=' | '<';
  threshold: number;
  value: number | null;
  met: boolean;
}

export interface RolloutReadiness {
  phase: RolloutPhase;
  verdict: 'advance' | 'hold' | 'step_back';
  /** The phase the verdict leads to (the current one when holding). */
  suggestedPhase: RolloutPhase;
  criteria: Criterion[];
}

const RULES: readonly Omit<Criterion, 'value' | 'met'>[] = [
  { phase: 'shadow', metric: 'forecastCompletionPct', comparator: '>=', threshold: 90 },
  { phase: 'shadow', metric: 'mapePct', comparator: '<', threshold: 35 },
  { phase: 'notify', metric: 'reviewedPct', comparator: '>=', threshold: 80 },
  { phase: 'draft', metric: 'approvalRatePct', comparator: '>=', threshold: 60 },
  { phase: 'auto', metric: 'automatedPct', comparator: '>=', threshold: 80 },
];

export function rolloutReadiness(phase: RolloutPhase, metrics: RolloutMetrics): RolloutReadiness {
  const index = PHASES.indexOf(phase);
  const criteria = RULES.map((rule) => {
    const value = metrics[rule.metric];
    const met = value !== null && Number.isFinite(value) && (rule.comparator === '>=' ? value >= rule.threshold : value < rule.threshold);
    return { ...rule, value, met };
  });
  const earlierFailing = criteria.some((c) => PHASES.indexOf(c.phase) < index && c.value !== null && !c.met);
  if (earlierFailing) return { phase, verdict: 'step_back', suggestedPhase: PHASES[index - 1], criteria };
  const currentMet = criteria.filter((c) => c.phase === phase).every((c) => c.met);
  if (currentMet && index < PHASES.length - 1) return { phase, verdict: 'advance', suggestedPhase: PHASES[index + 1], criteria };
  return { phase, verdict: 'hold', suggestedPhase: phase, criteria };
}
