/**
 * `backtest --input FILE.csv --horizon H --season M [--models a,b,c] [--out forecasts.csv] [--json] [--seed N]`
 *
 * Holds out each series' last H values, fits every chosen model on the rest, prints a metrics
 * table per model (or JSON) and optionally writes every forecast step to a CSV.
 *
 * Default models: every registered model except `prophet` (one Stan optimisation per series is
 * ~2 orders of magnitude slower than the rest; ask for it with `--models prophet,...`), plus
 * `global-tree` (trained once on the training parts of all series) and `ensemble`, which gets the
 * global tree as a member only when `global-tree` is among the chosen models.
 * `ensemble:a+b` is the ensemble restricted to candidates a and b. A series holding a non-finite value is reported and left out (a per-series error),
 * not silently repaired: a backtest should score the data as given.
 */
import { createWriteStream, WriteStream } from 'node:fs';
import { forecasterFromModel, Forecaster, holdoutBacktest, holdoutSplit, ModelReport, SeriesInput, StepRecord } from './backtest';
import { describeSelection } from '../member-selection';
import { EnsembleForecaster, ensembleForecaster } from './ensemble-forecaster';
import { MINIMUM_HISTORY } from '../../common/history-window';
import { forecastModels, modelByName } from '../models/registry';
import { loadAugurs, loadAugursProphet } from '../models/augurs';
import { readSeriesCsv } from './series-csv';
import { buildGlobalTreeForecaster } from './global-tree-forecaster';

export interface BacktestArguments {
  input: string;
  horizon: number;
  season: number;
  models?: string[];
  out?: string;
  json: boolean;
  seed: number;
}

export class UsageError extends Error {}

const USAGE = 'usage: backtest --input FILE.csv --horizon H --season M [--models a,b,c] [--out forecasts.csv] [--json] [--seed N]';

function positiveInteger(name: string, raw: string | undefined): number {
  const value = Number(raw);
  if (raw === undefined || !Number.isInteger(value) || value < 1) throw new UsageError(`--${name} must be a positive integer, got "${raw ?? ''}"`);
  return value;
}

export function parseBacktestArguments(argv: readonly string[]): BacktestArguments {
  const values = new Map<string, string>();
  let json = false;
  // Accept the argv with or without the command name in front.
  for (let i = argv[0] === 'backtest' ? 1 : 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--json') {
      json = true;
      continue;
    }
    const match = /^--(input|horizon|season|models|out|seed)(?:=(.*))?$/.exec(arg);
    if (!match) throw new UsageError(`unknown argument "${arg}"`);
    const value = match[2] ?? argv[++i];
    if (value === undefined) throw new UsageError(`--${match[1]} needs a value`);
    values.set(match[1], value);
  }
  const input = values.get('input');
  if (!input) throw new UsageError('--input is required');
  const models = values.get('models')?.split(',').map((m) => m.trim()).filter((m) => m !== '');
  return {
    input,
    horizon: positiveInteger('horizon', values.get('horizon')),
    season: positiveInteger('season', values.get('season')),
    models: models && models.length > 0 ? models : undefined,
    out: values.get('out'),
    json,
    seed: values.has('seed') ? positiveInteger('seed', values.get('seed')) : 1,
  };
}

export const SPECIAL_MODELS = ['ensemble', 'global-tree'] as const;

export function defaultModelNames(): string[] {
  return [...Object.keys(forecastModels).filter((name) => name !== 'prophet'), ...SPECIAL_MODELS];
}

function formatNumber(value: number | null, digits: number): string {
  return value === null ? '-' : value.toFixed(digits);
}

function formatTable(reports: readonly ModelReport[]): string {
  const header = ['model', 'series', 'skipped', 'failed', 'MAPE%', 'zeros', 'sMAPE%', 'WAPE%', 'MASE', 'RMSSE', 'bias%', 'pinball', 'cov90', 'cov95', 'cov99', 'ms/series'];
  const rows = reports.map((r) => {
    const m = r.metrics;
    const pct = (v: number | null) => (v === null ? '-' : (100 * v).toFixed(1));
    return [
      r.model, String(m.series), String(r.skipped), String(r.failures.length),
      formatNumber(m.mapePercent, 2), String(m.mapeSkipped), formatNumber(m.smapePercent, 2), formatNumber(m.wapePercent, 2),
      formatNumber(m.mase, 3), formatNumber(m.rmsse, 3), formatNumber(m.biasPercent, 2), formatNumber(m.scaledPinball, 3),
      pct(m.coverageP90), pct(m.coverageP95), pct(m.coverageP99), r.fitMsPerSeries.toFixed(2),
    ];
  });
  const widths = header.map((h, k) => Math.max(h.length, ...rows.map((row) => row[k].length)));
  const line = (cells: string[]) => cells.map((c, k) => (k === 0 ? c.padEnd(widths[k]) : c.padStart(widths[k]))).join('  ');
  const failures = reports.flatMap((r) => r.failures.slice(0, 3).map((f) => `  ${r.model} failed on ${f.seriesId}: ${f.message}`));
  return [line(header), ...rows.map(line), ...(failures.length > 0 ? ['failures (first 3 per model):', ...failures] : [])].join('\n') + '\n';
}

function csvNumber(value: number | undefined): string {
  return value === undefined ? '' : String(Number(value.toPrecision(10)));
}

function csvCell(text: string): string {
  return /[",\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

function stepLine(r: StepRecord): string {
  const q = r.quantiles;
  return [csvCell(r.seriesId), r.model, String(r.step), csvNumber(r.forecast), csvNumber(r.actual),
    csvNumber(q?.p50), csvNumber(q?.p90), csvNumber(q?.p95), csvNumber(q?.p99)].join(',') + '\n';
}

async function closeStream(stream: WriteStream): Promise<void> {
  await new Promise<void>((resolve, reject) => {
    stream.on('error', reject);
    stream.end(resolve);
  });
}

/** Builds the forecasters for the chosen model names (unknown names are a usage error). */
export async function buildForecasters(
  names: readonly string[],
  series: readonly SeriesInput[],
  args: BacktestArguments,
  notes: string[] = [],
): Promise<Forecaster[]> {
  await loadAugurs();
  if (names.includes('prophet')) await loadAugursProphet();
  const fitOptions = { season: args.season, seed: args.seed };
  // The ensemble gets the global tree as a member only when `global-tree` is among the models.
  const needsGlobal = names.includes('global-tree');
  const globalTree = needsGlobal ? buildGlobalTreeForecaster(series, args) : null;
  if (globalTree) notes.push(`global-tree: trained once on the training parts of all series in ${Math.round(globalTree.trainingMs)} ms`);
  if (globalTree?.validationModel) notes.push(`global-tree (validation windows): trained on the values before the earliest validation origin in ${Math.round(globalTree.validationTrainingMs ?? 0)} ms`);
  const globalOptions = { globalModel: globalTree?.model, validationGlobalModel: globalTree?.validationModel };
  // The ensemble fits its per-pattern member rules on validation windows inside the training parts.
  const trainingParts = series.map((s) => holdoutSplit(s.values, args.horizon)?.train).filter((t): t is number[] => t !== undefined);
  const withSelectionNote = (f: EnsembleForecaster): EnsembleForecaster => {
    notes.push(`${f.name}: member selection fitted on the training parts: ${describeSelection(f.selection ?? {})}`);
    return f;
  };
  return names.flatMap((name): Forecaster[] => {
    if (name === 'ensemble') return [withSelectionNote(ensembleForecaster({ horizon: args.horizon, season: args.season, seed: args.seed, ...globalOptions }, 'ensemble', trainingParts))];
    if (name.startsWith('ensemble:')) {
      // `ensemble:ets+theta`: the ensemble restricted to the listed candidates (for experiments).
      const candidates = name.slice('ensemble:'.length).split('+');
      for (const c of candidates) if (c !== 'global-tree' && !forecastModels[c]) throw new UsageError(`Unknown forecast model "${c}" in ${name}`);
      return [withSelectionNote(ensembleForecaster({ horizon: args.horizon, season: args.season, seed: args.seed, ...globalOptions, candidates }, name, trainingParts))];
    }
    if (name === 'global-tree') return globalTree ? [globalTree.forecaster] : [];
    try {
      return [forecasterFromModel(modelByName(name), fitOptions)];
    } catch (error) {
      throw new UsageError(error instanceof Error ? error.message : String(error));
    }
  });
}

export async function runBacktestCommand(argv: string[], out: NodeJS.WritableStream): Promise<number> {
  let args: BacktestArguments;
  try {
    args = parseBacktestArguments(argv);
  } catch (error) {
    out.write(`error: ${(error as Error).message}\n${USAGE}\n`);
    return 2;
  }
  let stepsOut: WriteStream | undefined;
  try {
    const allSeries = await readSeriesCsv(args.input);
    const badSeries = allSeries.filter((s) => s.values.some((v) => !Number.isFinite(v)));
    const series = allSeries.filter((s) => !badSeries.includes(s)).map((s) => ({ id: s.id, values: s.values }));
    const names = args.models ?? defaultModelNames();
    const notes: string[] = [];
    const forecasters = await buildForecasters(names, series, args, notes);
    if (args.out) {
      stepsOut = createWriteStream(args.out);
      stepsOut.write('series_id,model,step,forecast,actual,p50,p90,p95,p99\n');
    }
    const writer = stepsOut;
    const reports = holdoutBacktest(series, forecasters, {
      horizon: args.horizon,
      season: args.season,
      onStep: writer ? (record) => writer.write(stepLine(record)) : undefined,
    });
    if (stepsOut) await closeStream(stepsOut);
    const shortHistory = forecasters.flatMap((f) => ('shortHistorySeries' in f ? [{ model: f.name, series: (f as EnsembleForecaster).shortHistorySeries() }] : []));
    const invalid = badSeries.map((s) => ({ seriesId: s.id, message: 'holds a missing or non-finite value; left out' }));
    if (args.json) {
      out.write(JSON.stringify({ input: args.input, horizon: args.horizon, season: args.season, series: allSeries.length, invalidSeries: invalid, shortHistory, notes, models: reports }, null, 2) + '\n');
    } else {
      out.write(`backtest ${args.input}: ${allSeries.length} series, horizon ${args.horizon}, season ${args.season}\n`);
      for (const s of invalid.slice(0, 5)) out.write(`series ${s.seriesId} ${s.message}\n`);
      if (invalid.length > 5) out.write(`... and ${invalid.length - 5} more series left out\n`);
      out.write(formatTable(reports));
      for (const note of notes) out.write(`${note}\n`);
      for (const s of shortHistory.filter((x) => x.series > 0)) {
        out.write(`${s.model}: ${s.series} series with fewer than ${MINIMUM_HISTORY} training values forecast by their history mean (the engine reports insufficient history)\n`);
      }
    }
    return 0;
  } catch (error) {
    if (stepsOut) stepsOut.destroy();
    out.write(`error: ${(error as Error).message}\n`);
    return error instanceof UsageError ? 2 : 1;
  }
}
