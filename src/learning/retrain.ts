/**
 * The weekly retraining decision, champion/challenger promotion and the seasonal-naive fallback.
 *
 * Retrain when any of: last week's MAPE > RETRAIN_MAPE_PCT (30 %), drift detected on at least one
 * SKU, the production model older than MODEL_MAX_AGE_DAYS (or none at all). Otherwise skip, with
 * the reason logged.
 * Promote a challenger only when it beats the champion on the same backtest (lower error; no
 * champion → promote).
 * Fallback: overall MAPE > FALLBACK_MAPE_PCT (50 %) → every SKU on seasonal naive; it stays on
 * until a retrained model passes its backtest (beats seasonal naive on it), then recovers.
 */
export const RETRAIN_MAPE_PCT = 30;
export const FALLBACK_MAPE_PCT = 50;

export interface RetrainInputs {
  lastWeekMapePct: number | null;
  driftEvents: number;
  /** Age of the production model in days; null when there is none. */
  modelAgeDays: number | null;
  maxAgeDays: number;
}

export interface RetrainDecision {
  retrain: boolean;
  reasons: string[];
}

export function retrainDecision(input: RetrainInputs): RetrainDecision {
  const reasons: string[] = [];
  if (input.lastWeekMapePct !== null && input.lastWeekMapePct > RETRAIN_MAPE_PCT) reasons.push(`last week's MAPE ${input.lastWeekMapePct.toFixed(1)} % > ${RETRAIN_MAPE_PCT} %`);
  if (input.driftEvents > 0) reasons.push(`drift detected on ${input.driftEvents} SKU${input.driftEvents === 1 ? '' : 's'}`);
  if (input.modelAgeDays === null) reasons.push('no production model');
  else if (input.modelAgeDays > input.maxAgeDays) reasons.push(`production model ${input.modelAgeDays.toFixed(1)} days old > ${input.maxAgeDays}`);
  if (reasons.length > 0) return { retrain: true, reasons };
  const mape = input.lastWeekMapePct === null ? 'no MAPE yet' : `MAPE ${input.lastWeekMapePct.toFixed(1)} % ≤ ${RETRAIN_MAPE_PCT} %`;
  return { retrain: false, reasons: [`skipped: ${mape}, no drift, model ${input.modelAgeDays!.toFixed(1)} days old ≤ ${input.maxAgeDays}`] };
}

/** Champion/challenger on the same backtest: lower error wins; ties keep the champion. */
export function shouldPromote(challengerError: number, championError: number | null): boolean {
  if (!Number.isFinite(challengerError)) return false;
  return championError === null || !Number.isFinite(championError) || challengerError < championError;
}

export interface FallbackInputs {
  active: boolean;
  overallMapePct: number | null;
  /** A model retrained since the fallback started passed its backtest. */
  retrainedModelPassed: boolean;
}

export type FallbackChange = 'enter' | 'recover' | 'stay_on' | 'stay_off';

export function fallbackDecision(input: FallbackInputs): { active: boolean; change: FallbackChange } {
  if (!input.active) {
    return input.overallMapePct !== null && input.overallMapePct > FALLBACK_MAPE_PCT ? { active: true, change: 'enter' } : { active: false, change: 'stay_off' };
  }
  return input.retrainedModelPassed ? { active: false, change: 'recover' } : { active: true, change: 'stay_on' };
}
