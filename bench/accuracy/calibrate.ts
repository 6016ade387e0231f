/**
 * Fits the recalibrated quantile levels of calibration.ts (split-conformal, see there) on weekly series from the
 * demo generator with a calibration seed that differs from the seed the accuracy run scores.
 * Each series' last H weeks are held out; the ensemble (identity calibration) forecasts them from
 * the rest; per demand pattern (as the engine classifies it) and per quantile level the smallest
 * recalibrated level reaching nominal coverage is printed, for steps and for the horizon total.
 *
 * With `--with-global` the global tree is trained once on the training parts (as the nightly cycle
 * has one) and the per-pattern member selection is fitted on the training parts' validation windows
 * first (fitBacktestSelection); the selection table is printed too — it is the engine's
 * DEFAULT_SELECTION (default-selection.ts), and the levels are fitted for forecasts made with it.
 *
 *   node dist/bench/accuracy/calibrate.js --input weekly-calibration.csv --horizon 4 --season 52 [--with-global]
 */
import { holdoutSplit } from '../../src/forecast/backtest/backtest';
import { CalibrationSample, CalibrationTable, DEFAULT_CALIBRATION, fitQuantileLevel, NOMINAL_LEVELS, totalStandardDeviation, UPPER_LEVELS, UpperLevel } from '../../src/forecast/calibration';
import { forecastSku, GlobalForecaster, isInsufficientHistory } from '../../src/forecast/engine';
import { fitBacktestSelection } from '../../src/forecast/backtest/ensemble-forecaster';
import { SelectionTable } from '../../src/forecast/member-selection';
import { trainGlobalTreeModel } from '../../src/forecast/models/global-tree';
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
  let globalModel: GlobalForecaster | undefined;
  let selection: SelectionTable | undefined;
  if (process.argv.includes('--with-global')) {
    const parts = series.map((s) => holdoutSplit(s.values, horizon)?.train).filter((t): t is number[] => t !== undefined);
    globalModel = trainGlobalTreeModel(parts.filter((t) => t.length >= 12), { season, horizon, seed: 1 });
    selection = fitBacktestSelection(parts, { horizon, season, globalModel }).selection;
    process.stdout.write(`selection: ${JSON.stringify(selection, (_, v: unknown) => (v === Infinity ? 'Infinity' : v))}\n`);
  }
  for (const s of series) {
    const split = holdoutSplit(s.values, horizon);
    if (!split) continue;
    const result = forecastSku(split.train, { horizon, season, calibration: identity, globalModel, selection });
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
