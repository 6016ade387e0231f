/**
 * Intervals that learn from realized coverage (issue 11): per demand pattern, the calibrated
 * step level τ' of each nominal quantile (calibration.ts) is refitted, split-conformal style,
 * on the forecasts whose actuals have arrived — the smallest τ' whose quantiles would have covered
 * at least τ of them (`fitQuantileLevel`). A pattern with fewer than `minSamples` realized
 * forecasts keeps its offline level (DEFAULT_CALIBRATION); with more, the learned level replaces
 * it. The horizon-total levels and the step correlation are left as they are (a 4-week total is
 * realized once per 4 weeks; too few to refit weekly).
 *
 * Pure: numbers in, a CalibrationTable out.
 */
import { CalibrationSample, CalibrationTable, fitQuantileLevel, UPPER_LEVELS, UpperLevel } from '../forecast/calibration';
import { DemandPattern } from '../forecast/models/demand-pattern';

export const MIN_REALIZED_CALIBRATION_SAMPLES = 200;

export function learnedCalibration(
  base: CalibrationTable,
  realized: Partial<Record<DemandPattern, readonly CalibrationSample[]>>,
  minSamples = MIN_REALIZED_CALIBRATION_SAMPLES,
): CalibrationTable {
  const out = { ...base };
  for (const pattern of Object.keys(base) as DemandPattern[]) {
    const samples = realized[pattern] ?? [];
    if (samples.length < minSamples) continue;
    const c = base[pattern];
    const stepLevel = { ...c.stepLevel };
    for (const level of Object.keys(UPPER_LEVELS) as UpperLevel[]) stepLevel[level] = fitQuantileLevel(samples, c.family, UPPER_LEVELS[level]);
    // Keep the levels in order (p90 ≤ p95 ≤ p99), as the quantile set does.
    stepLevel.p95 = Math.max(stepLevel.p95, stepLevel.p90);
    stepLevel.p99 = Math.max(stepLevel.p99, stepLevel.p95);
    out[pattern] = { ...c, stepLevel };
  }
  return out;
}
