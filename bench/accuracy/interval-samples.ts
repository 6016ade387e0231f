/**
 * Writes the held-out forecasts of weekly series as interval samples (one JSON line per series:
 * id, the generator's pattern, the engine's pattern, the held-out actuals and the demand
 * distribution's per-step mean and sd), so calibrate.ts can fit and coverage.ts can score any
 * calibration table on them without forecasting again. The quantiles the engine reports are a
 * function of (mean, sd, pattern) and the table only (engine.ts → calibrateForecast), so scoring a
 * table on these samples gives the engine's own coverage.
 *
 * The series are forecast as the nightly cycle does: DEFAULT_SELECTION, and with `--with-global`
 * a global tree trained on the training parts of the file's series (one catalog per file).
 *
 *   node dist/bench/accuracy/interval-samples.js --input weekly-7.csv --horizon 4 --season 52 --with-global --out samples-7.jsonl
 */
import { createWriteStream } from 'node:fs';
import { cpuUsage } from 'node:process';
import { holdoutSplit } from '../../src/forecast/backtest/backtest';
import { forecastSku, GlobalForecaster, isInsufficientHistory } from '../../src/forecast/engine';
import { trainGlobalTreeModel } from '../../src/forecast/models/global-tree';
import { loadAugurs } from '../../src/forecast/models/augurs';
import { readSeriesCsv } from '../../src/forecast/backtest/series-csv';
import { IntervalSample } from './interval-sample-file';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

async function main(): Promise<void> {
  await loadAugurs();
  const horizon = Number(argument('horizon', '4'));
  const season = Number(argument('season', '52'));
  const series = await readSeriesCsv(argument('input', 'weekly.csv'));
  const out = createWriteStream(argument('out', 'interval-samples.jsonl'));
  const started = Date.now();
  const cpuStart = cpuUsage();
  let globalModel: GlobalForecaster | undefined;
  if (process.argv.includes('--with-global')) {
    const parts = series.map((s) => holdoutSplit(s.values, horizon)?.train).filter((t): t is number[] => t !== undefined && t.length >= 12);
    globalModel = trainGlobalTreeModel(parts, { season, horizon, seed: 1 });
    process.stdout.write(`global tree trained on ${parts.length} series in ${Date.now() - started} ms wall\n`);
  }
  let written = 0;
  let insufficient = 0;
  for (const s of series) {
    const split = holdoutSplit(s.values, horizon);
    if (!split) { insufficient++; continue; }
    const result = forecastSku(split.train, { horizon, season, globalModel });
    if (isInsufficientHistory(result)) { insufficient++; continue; }
    const sample: IntervalSample = { id: s.id, generator: s.id.split(':')[1] ?? '?', pattern: result.pattern, actual: split.actual, mean: result.mean, sd: result.sd };
    out.write(JSON.stringify(sample) + '\n');
    written++;
  }
  await new Promise<void>((resolve) => out.end(resolve));
  const cpu = cpuUsage(cpuStart);
  process.stdout.write(`${written} series written, ${insufficient} with insufficient history left out; ${Date.now() - started} ms wall, ${Math.round((cpu.user + cpu.system) / 1000)} ms CPU\n`);
}

void main();
