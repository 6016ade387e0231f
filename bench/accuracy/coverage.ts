/**
 * Coverage of the ensemble's calibrated quantiles (DEFAULT_CALIBRATION) per step and for the
 * horizon total, per demand pattern of the generator (the suffix of weekly-data.ts series ids) and
 * per pattern as the engine classified it. Run it on a seed the calibration did not see.
 *
 * `--with-global`: a global tree trained on the training parts is passed, as in the nightly cycle
 * (the engine's DEFAULT_SELECTION and DEFAULT_CALIBRATION are fitted for that configuration).
 *
 *   node dist/bench/accuracy/coverage.js --input weekly.csv --horizon 4 --season 52 [--with-global]
 */
import { holdoutSplit } from '../../src/forecast/backtest/backtest';
import { forecastSku, GlobalForecaster, isInsufficientHistory } from '../../src/forecast/engine';
import { trainGlobalTreeModel } from '../../src/forecast/models/global-tree';
import { loadAugurs } from '../../src/forecast/models/augurs';
import { readSeriesCsv } from '../../src/forecast/backtest/series-csv';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

interface Tally { steps: number; s90: number; s95: number; s99: number; totals: number; t90: number; t95: number; t99: number }
const empty = (): Tally => ({ steps: 0, s90: 0, s95: 0, s99: 0, totals: 0, t90: 0, t95: 0, t99: 0 });

async function main(): Promise<void> {
  await loadAugurs();
  const horizon = Number(argument('horizon', '4'));
  const season = Number(argument('season', '52'));
  const series = await readSeriesCsv(argument('input', 'weekly.csv'));
  const tallies = new Map<string, Tally>();
  const tally = (key: string) => {
    if (!tallies.has(key)) tallies.set(key, empty());
    return tallies.get(key)!;
  };
  let insufficient = 0;
  let globalModel: GlobalForecaster | undefined;
  if (process.argv.includes('--with-global')) {
    const parts = series.map((s) => holdoutSplit(s.values, horizon)?.train).filter((t): t is number[] => t !== undefined && t.length >= 12);
    globalModel = trainGlobalTreeModel(parts, { season, horizon, seed: 1 });
  }
  for (const s of series) {
    const split = holdoutSplit(s.values, horizon);
    if (!split) { insufficient++; continue; }
    const result = forecastSku(split.train, { horizon, season, globalModel });
    if (isInsufficientHistory(result)) { insufficient++; continue; }
    const total = split.actual.reduce((a, b) => a + b, 0);
    const keys = ['all', `generator:${s.id.split(':')[1] ?? '?'}`, `engine:${result.pattern}`];
    for (const key of keys) {
      const t = tally(key);
      split.actual.forEach((y, i) => {
        t.steps++;
        if (y <= result.quantiles.p90[i]) t.s90++;
        if (y <= result.quantiles.p95[i]) t.s95++;
        if (y <= result.quantiles.p99[i]) t.s99++;
      });
      t.totals++;
      if (total <= result.total.p90) t.t90++;
      if (total <= result.total.p95) t.t95++;
      if (total <= result.total.p99) t.t99++;
    }
  }
  const pct = (a: number, b: number) => (b > 0 ? ((100 * a) / b).toFixed(1) : '-').padStart(6);
  process.stdout.write(`${insufficient} series with insufficient history left out\n`);
  process.stdout.write('group                  steps  p90    p95    p99   | totals  p90    p95    p99\n');
  for (const [key, t] of [...tallies].sort((a, b) => a[0].localeCompare(b[0]))) {
    process.stdout.write(`${key.padEnd(22)} ${String(t.steps).padStart(5)} ${pct(t.s90, t.steps)} ${pct(t.s95, t.steps)} ${pct(t.s99, t.steps)} | ${String(t.totals).padStart(6)} ${pct(t.t90, t.totals)} ${pct(t.t95, t.totals)} ${pct(t.t99, t.totals)}\n`);
  }
}

void main();
