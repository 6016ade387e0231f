/**
 * Fits the recalibrated quantile levels of calibration.ts (split-conformal, see there) on weekly series from the
 * demo generator with a calibration seed that differs from the seed the accuracy run scores.
 * Each series' last H weeks are held out; the ensemble forecasts them from the rest; per demand
 * pattern (as the engine classifies it) and per quantile level the smallest recalibrated level
 * reaching nominal coverage is printed, for steps and for the horizon total, with the step-error
 * correlation the data shows (fitStepCorrelation) and the table to paste into DEFAULT_CALIBRATION.
 *
 * Two inputs:
 * - `--samples a.jsonl,b.jsonl`: interval samples written by interval-samples.ts (the forecasts
 *   made once, as the nightly cycle makes them: DEFAULT_SELECTION, a global tree per file);
 * - `--input x.csv`: forecast here. With `--with-global` the global tree is trained once on the
 *   training parts and the member selection is fitted on them first (fitBacktestSelection, printed:
 *   that is how DEFAULT_SELECTION was made, in the same run as the levels).
 *
 * `--correlation table` (default) keeps each pattern's stepCorrelation of DEFAULT_CALIBRATION;
 * `fitted` uses the fitted one (rounded to 0.01); a number uses that for every pattern.
 * `--table-out t.json` writes the whole table (patterns without samples keep DEFAULT_CALIBRATION's
 * entry), which coverage.ts `--table t.json` scores.
 *
 *   node dist/bench/accuracy/calibrate.js --samples cal-7.jsonl,cal-99.jsonl [--correlation table|fitted|0.2]
 *   node dist/bench/accuracy/calibrate.js --input weekly-calibration.csv --horizon 4 --season 52 [--with-global]
 */
import { writeFileSync } from 'node:fs';
import { holdoutSplit } from '../../src/forecast/backtest/backtest';
import { DEFAULT_CALIBRATION, fitPatternCalibration, fitStepCorrelation, HorizonSample, PatternCalibration } from '../../src/forecast/calibration';
import { forecastSku, GlobalForecaster, isInsufficientHistory } from '../../src/forecast/engine';
import { fitBacktestSelection } from '../../src/forecast/backtest/ensemble-forecaster';
import { SelectionTable } from '../../src/forecast/member-selection';
import { trainGlobalTreeModel } from '../../src/forecast/models/global-tree';
import { DemandPattern } from '../../src/forecast/models/demand-pattern';
import { loadAugurs } from '../../src/forecast/models/augurs';
import { readSeriesCsv } from '../../src/forecast/backtest/series-csv';
import { readIntervalSamples } from './interval-sample-file';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

async function forecastSamples(): Promise<Map<DemandPattern, HorizonSample[]>> {
  await loadAugurs();
  const horizon = Number(argument('horizon', '4'));
  const season = Number(argument('season', '52'));
  const series = await readSeriesCsv(argument('input', 'weekly-calibration.csv'));
  let globalModel: GlobalForecaster | undefined;
  let selection: SelectionTable | undefined;
  if (process.argv.includes('--with-global')) {
    const parts = series.map((s) => holdoutSplit(s.values, horizon)?.train).filter((t): t is number[] => t !== undefined);
    globalModel = trainGlobalTreeModel(parts.filter((t) => t.length >= 12), { season, horizon, seed: 1 });
    selection = fitBacktestSelection(parts, { horizon, season, globalModel }).selection;
    process.stdout.write(`selection: ${JSON.stringify(selection, (_, v: unknown) => (v === Infinity ? 'Infinity' : v))}\n`);
  }
  const byPattern = new Map<DemandPattern, HorizonSample[]>();
  for (const s of series) {
    const split = holdoutSplit(s.values, horizon);
    if (!split) continue;
    // The mean and sd do not depend on the calibration table (only the quantiles do).
    const result = forecastSku(split.train, { horizon, season, globalModel, selection });
    if (isInsufficientHistory(result)) continue;
    if (!byPattern.has(result.pattern)) byPattern.set(result.pattern, []);
    byPattern.get(result.pattern)!.push({ actual: split.actual, mean: result.mean, sd: result.sd });
  }
  return byPattern;
}

function storedSamples(files: string): Map<DemandPattern, HorizonSample[]> {
  const byPattern = new Map<DemandPattern, HorizonSample[]>();
  for (const s of readIntervalSamples(files)) {
    if (!byPattern.has(s.pattern)) byPattern.set(s.pattern, []);
    byPattern.get(s.pattern)!.push(s);
  }
  return byPattern;
}

async function main(): Promise<void> {
  const files = argument('samples', '');
  const byPattern = files ? storedSamples(files) : await forecastSamples();
  const correlation = argument('correlation', 'table');
  const table: Partial<Record<DemandPattern, PatternCalibration>> = {};
  const report: Record<string, unknown> = {};
  for (const pattern of Object.keys(DEFAULT_CALIBRATION) as DemandPattern[]) {
    const samples = byPattern.get(pattern) ?? [];
    if (samples.length === 0) continue;
    const fittedCorrelation = fitStepCorrelation(samples);
    const rho = correlation === 'table' ? DEFAULT_CALIBRATION[pattern].stepCorrelation : correlation === 'fitted' ? Math.round(fittedCorrelation * 100) / 100 : Number(correlation);
    const fit = fitPatternCalibration(samples, DEFAULT_CALIBRATION[pattern].family, rho);
    const round = (levels: Record<string, number>) => Object.fromEntries(Object.entries(levels).map(([k, v]) => [k, Number(v.toFixed(5))]));
    table[pattern] = { ...fit, stepLevel: round(fit.stepLevel) as PatternCalibration['stepLevel'], totalLevel: round(fit.totalLevel) as PatternCalibration['totalLevel'] };
    report[pattern] = { steps: samples.reduce((n, s) => n + s.actual.length, 0), totals: samples.length, fittedStepCorrelation: Number(fittedCorrelation.toFixed(4)), usedStepCorrelation: rho };
  }
  process.stdout.write(JSON.stringify(report, null, 2) + '\n');
  process.stdout.write(JSON.stringify(table, null, 2) + '\n');
  const out = argument('table-out', '');
  if (out) writeFileSync(out, JSON.stringify({ ...DEFAULT_CALIBRATION, ...table }, null, 2) + '\n');
}

void main();
