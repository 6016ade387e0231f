/**
 * Fits the recalibrated quantile levels of calibration.ts (split-conformal, see there) on weekly series from the
 * demo generator with a calibration seed that differs from the seed the accuracy run scores.
 * Each series' last H weeks are held out; the ensemble (identity calibration) forecasts them from
 * the rest; per demand pattern (as the engine classifies it) and per quantile level the smallest
 * recalibrated level reaching nominal coverage is printed, for steps and for the horizon total.
 *
 *   node dist/bench/accuracy/calibrate.js --input weekly-calibration.csv --horizon 4 --season 52
 */
import { holdoutSplit } from '../../src/forecast/backtest/backtest';
import { CalibrationSample, CalibrationTable, DEFAULT_CALIBRATION, fitQuantileLevel, NOMINAL_LEVELS, totalStandardDeviation, UPPER_LEVELS, UpperLevel } from '../../src/forecast/calibration';
import { forecastSku, isInsufficientHistory } from '../../src/forecast/engine';
import { DemandPattern } from '../../src/forecast/models/demand-pattern';
import { loadAugurs } from '../../src/forecast/models/augurs';
import { readSeriesCsv } from '../../src/forecast/backtest/series-csv';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

async function main(): Promise<void> {
  await loadAugurs();
  const horizon = Number(argument('horizon', '4'));
  const season = Number(argument('season', '52'));
  const series = await readSeriesCsv(argument('input', 'weekly-calibration.csv'));
  const identity = Object.fromEntries(
    Object.entries(DEFAULT_CALIBRATION).map(([p, c]) => [p, { ...c, stepLevel: NOMINAL_LEVELS, totalLevel: NOMINAL_LEVELS }]),
  ) as CalibrationTable;
  const steps = new Map<DemandPattern, CalibrationSample[]>();
  const totals = new Map<DemandPattern, CalibrationSample[]>();
  for (const s of series) {
    const split = holdoutSplit(s.values, horizon);
    if (!split) continue;
    const result = forecastSku(split.train, { horizon, season, calibration: identity });
    if (isInsufficientHistory(result)) continue;
    const p = result.pattern;
    if (!steps.has(p)) steps.set(p, []);
    if (!totals.has(p)) totals.set(p, []);
    split.actual.forEach((actual, i) => steps.get(p)!.push({ actual, mean: result.mean[i], sd: result.sd[i] }));
    totals.get(p)!.push({
      actual: split.actual.reduce((a, b) => a + b, 0),
      mean: result.total.mean,
      sd: totalStandardDeviation(result.sd, identity[p].stepCorrelation),
    });
  }
  const fitted: Record<string, unknown> = {};
  for (const [pattern, samples] of steps) {
    const family = identity[pattern].family;
    const fit = (data: CalibrationSample[]) =>
      Object.fromEntries((Object.keys(UPPER_LEVELS) as UpperLevel[]).map((level) => [level, Number(fitQuantileLevel(data, family, UPPER_LEVELS[level]).toFixed(5))]));
    fitted[pattern] = { steps: samples.length, stepLevel: fit(samples), totals: totals.get(pattern)!.length, totalLevel: fit(totals.get(pattern)!) };
  }
  process.stdout.write(JSON.stringify(fitted, null, 2) + '\n');
}

void main();
