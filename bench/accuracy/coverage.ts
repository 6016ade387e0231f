/**
 * Coverage of the ensemble's calibrated quantiles per step and for the horizon total, per demand
 * pattern of the generator (the suffix of weekly-data.ts series ids) and per pattern as the engine
 * classified it. Run it on a seed the calibration did not see.
 *
 * Two inputs:
 * - `--input x.csv`: forecast here with the engine's DEFAULT_CALIBRATION. `--with-global`: a
 *   global tree trained on the training parts is passed, as in the nightly cycle (the engine's
 *   DEFAULT_SELECTION and DEFAULT_CALIBRATION are fitted for that configuration);
 * - `--samples a.jsonl,b.jsonl`: interval samples written by interval-samples.ts, scored with
 *   DEFAULT_CALIBRATION or the table in `--table t.json` (calibrate.ts `--table-out`). The engine's
 *   quantiles are calibrateForecast(mean, sd, pattern, table), so this is the engine's coverage.
 *
 * Each cell prints its count and the sampling sd of a coverage at the nominal level,
 * √(τ(1−τ)/n) (binomial; for steps n counts every step, but the steps of one series are
 * correlated, so the steps' sd is a lower bound). A `*` marks a cell outside the target:
 * p90 / p95 more than 2.5 points from nominal, p99 below 97.5.
 *
 *   node dist/bench/accuracy/coverage.js --input weekly.csv --horizon 4 --season 52 [--with-global]
 *   node dist/bench/accuracy/coverage.js --samples eval-42.jsonl [--table t.json]
 */
import { readFileSync } from 'node:fs';
import { holdoutSplit } from '../../src/forecast/backtest/backtest';
import { calibrateForecast, CalibrationTable, DEFAULT_CALIBRATION } from '../../src/forecast/calibration';
import { forecastSku, GlobalForecaster, isInsufficientHistory } from '../../src/forecast/engine';
import { trainGlobalTreeModel } from '../../src/forecast/models/global-tree';
import { loadAugurs } from '../../src/forecast/models/augurs';
import { readSeriesCsv } from '../../src/forecast/backtest/series-csv';
import { readIntervalSamples } from './interval-sample-file';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

/** One held-out series: its groups, actuals and calibrated upper quantiles (steps and total). */
interface Scored {
  keys: string[];
  actual: readonly number[];
  quantiles: { p90: readonly number[]; p95: readonly number[]; p99: readonly number[] };
  total: { p90: number; p95: number; p99: number };
}

interface Tally { steps: number; s90: number; s95: number; s99: number; totals: number; t90: number; t95: number; t99: number }
const empty = (): Tally => ({ steps: 0, s90: 0, s95: 0, s99: 0, totals: 0, t90: 0, t95: 0, t99: 0 });

async function forecastHere(): Promise<{ scored: Scored[]; insufficient: number }> {
  await loadAugurs();
  const horizon = Number(argument('horizon', '4'));
  const season = Number(argument('season', '52'));
  const series = await readSeriesCsv(argument('input', 'weekly.csv'));
  let insufficient = 0;
  let globalModel: GlobalForecaster | undefined;
  if (process.argv.includes('--with-global')) {
    const parts = series.map((s) => holdoutSplit(s.values, horizon)?.train).filter((t): t is number[] => t !== undefined && t.length >= 12);
    globalModel = trainGlobalTreeModel(parts, { season, horizon, seed: 1 });
  }
  const scored: Scored[] = [];
  for (const s of series) {
    const split = holdoutSplit(s.values, horizon);
    if (!split) { insufficient++; continue; }
    const result = forecastSku(split.train, { horizon, season, globalModel });
    if (isInsufficientHistory(result)) { insufficient++; continue; }
    scored.push({ keys: ['all', `generator:${s.id.split(':')[1] ?? '?'}`, `engine:${result.pattern}`], actual: split.actual, quantiles: result.quantiles, total: result.total });
  }
  return { scored, insufficient };
}

function fromSamples(files: string, table: CalibrationTable): Scored[] {
  return readIntervalSamples(files).map((s) => {
    const c = calibrateForecast(s.mean, s.sd, s.pattern, table);
    return { keys: ['all', `generator:${s.generator}`, `engine:${s.pattern}`], actual: s.actual, quantiles: c.quantiles, total: c.total };
  });
}

async function main(): Promise<void> {
  const files = argument('samples', '');
  const tableFile = argument('table', '');
  const table = tableFile ? (JSON.parse(readFileSync(tableFile, 'utf8')) as CalibrationTable) : DEFAULT_CALIBRATION;
  const { scored, insufficient } = files ? { scored: fromSamples(files, table), insufficient: 0 } : await forecastHere();
  const tallies = new Map<string, Tally>();
  for (const r of scored) {
    const total = r.actual.reduce((a, b) => a + b, 0);
    for (const key of r.keys) {
      if (!tallies.has(key)) tallies.set(key, empty());
      const t = tallies.get(key)!;
      r.actual.forEach((y, i) => {
        t.steps++;
        if (y <= r.quantiles.p90[i]) t.s90++;
        if (y <= r.quantiles.p95[i]) t.s95++;
        if (y <= r.quantiles.p99[i]) t.s99++;
      });
      t.totals++;
      if (total <= r.total.p90) t.t90++;
      if (total <= r.total.p95) t.t95++;
      if (total <= r.total.p99) t.t99++;
    }
  }
  const cell = (covered: number, n: number, nominal: number) => {
    if (n === 0) return '     -';
    const pct = (100 * covered) / n;
    const out = nominal === 99 ? pct < 97.5 : Math.abs(pct - nominal) > 2.5;
    return `${pct.toFixed(1).padStart(6)}${out ? '*' : ' '}`;
  };
  const sd = (n: number, tau: number) => (n > 0 ? (100 * Math.sqrt((tau * (1 - tau)) / n)).toFixed(2) : '-');
  if (!files) process.stdout.write(`${insufficient} series with insufficient history left out\n`);
  process.stdout.write('group                   steps   p90     p95     p99    sd90/95 | totals   p90     p95     p99    sd90/95\n');
  for (const [key, t] of [...tallies].sort((a, b) => a[0].localeCompare(b[0]))) {
    process.stdout.write(
      `${key.padEnd(22)} ${String(t.steps).padStart(6)} ${cell(t.s90, t.steps, 90)} ${cell(t.s95, t.steps, 95)} ${cell(t.s99, t.steps, 99)} ${sd(t.steps, 0.9)}/${sd(t.steps, 0.95)} | ` +
        `${String(t.totals).padStart(6)} ${cell(t.t90, t.totals, 90)} ${cell(t.t95, t.totals, 95)} ${cell(t.t99, t.totals, 99)} ${sd(t.totals, 0.9)}/${sd(t.totals, 0.95)}\n`,
    );
  }
}

void main();
