/**
 * Intervals that learn from realized coverage (issue 11): per demand pattern, the calibrated
 * step level τ' of each nominal quantile (calibration.ts) is refitted, split-conformal style,
 * on the forecasts whose actuals have arrived — the smallest τ' whose quantiles would have covered
 * at least τ of them (`fitQuantileLevel`). A pattern with fewer than `minSamples` realized
 * forecasts keeps its offline level (DEFAULT_CALIBRATION); with more, the learned level replaces
 * it.
 *
 * The horizon-total levels are learned the same way from realized horizons: forecasts whose every
 * week has arrived (one per run and SKU), the total's sd from the step sds with the pattern's step
 * correlation (horizonTotalSample, as the engine computes it). A weekly run gives one such total per
 * SKU a week once its horizon has passed (overlapping windows), so a pattern needs `minSamples`
 * of them too — about 40 SKUs of the pattern with 8 realized weeks and a 4-week horizon. The step
 * correlation itself is left as it is (it is the offline fit; the reorder policy reads it through
 * the total's sd).
 *
 * Pure: numbers in, a CalibrationTable out.
 */
import { CalibrationSample, CalibrationTable, DistributionFamily, fitQuantileLevel, horizonTotalSample, HorizonSample, UPPER_LEVELS, UpperLevel } from '../forecast/calibration';
import { DemandPattern } from '../forecast/models/demand-pattern';

export const MIN_REALIZED_CALIBRATION_SAMPLES = 200;

/** The split-conformal levels of the three nominal quantiles, kept in order (p90 ≤ p95 ≤ p99). */
function orderedLevels(samples: readonly CalibrationSample[], family: DistributionFamily): Record<UpperLevel, number> {
  const level = {} as Record<UpperLevel, number>;
  for (const l of Object.keys(UPPER_LEVELS) as UpperLevel[]) level[l] = fitQuantileLevel(samples, family, UPPER_LEVELS[l]);
  level.p95 = Math.max(level.p95, level.p90);
  level.p99 = Math.max(level.p99, level.p95);
  return level;
}

export function learnedCalibration(
  base: CalibrationTable,
  realized: Partial<Record<DemandPattern, readonly CalibrationSample[]>>,
  minSamples = MIN_REALIZED_CALIBRATION_SAMPLES,
  realizedHorizons: Partial<Record<DemandPattern, readonly HorizonSample[]>> = {},
): CalibrationTable {
  const out = { ...base };
  for (const pattern of Object.keys(base) as DemandPattern[]) {
    const c = base[pattern];
    const samples = realized[pattern] ?? [];
    const horizons = realizedHorizons[pattern] ?? [];
    const stepLevel = samples.length >= minSamples ? orderedLevels(samples, c.family) : c.stepLevel;
    const totalLevel = horizons.length >= minSamples ? orderedLevels(horizons.map((h) => horizonTotalSample(h, c.stepCorrelation)), c.family) : c.totalLevel;
    if (stepLevel !== c.stepLevel || totalLevel !== c.totalLevel) out[pattern] = { ...c, stepLevel, totalLevel };
  }
  return out;
}
