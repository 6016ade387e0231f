/**
 * Dumps every member's forecasts of one data set — at the test origin (the last H values held out,
 * as backtest.ts) and at the engine's rolling validation origins inside each training part
 * (engine.ts validateSku) — to one JSON file, so that combination rules can be compared offline
 * (bench/accuracy/combination-study.ts) without refitting the members for every idea.
 *
 *   node dist/bench/accuracy/member-forecasts.js [--data DIR] --input FILE.csv --horizon H --season M \
 *     --models ets,theta,global-tree [--origins 3] [--seed 1] --out members.json
 *
 * `global-tree` trains the two trees backtest.ts trains (main: all training parts; validation: the
 * values before each part's earliest origin) and forecasts the test / validation windows with them.
 * Per model the CPU time of all its fits is reported (ms per series).
 */
import { writeFileSync } from 'node:fs';
import { holdoutSplit } from '../../src/forecast/backtest/backtest';
import { readSeriesCsv } from '../../src/forecast/backtest/series-csv';
import { buildGlobalTreeForecaster } from '../../src/forecast/backtest/global-tree-forecaster';
import { GlobalForecaster, VALIDATION_ORIGINS } from '../../src/forecast/engine';
import { validationOrigins } from '../../src/forecast/member-selection';
import { MINIMUM_HISTORY } from '../../src/common/history-window';
import { loadAugurs } from '../../src/forecast/models/augurs';
import { modelByName } from '../../src/forecast/models/registry';
import { inputArguments } from '../support/public-data';

interface Args { input: string; horizon: number; season: number; models: string[]; origins: number; minTrain: number; seed: number; out: string }

function parse(argv: string[]): Args {
  const a: Args = { input: '', horizon: 0, season: 1, models: [], origins: VALIDATION_ORIGINS, minTrain: MINIMUM_HISTORY, seed: 1, out: '' };
  for (let i = 0; i < argv.length; i++) {
    const v = argv[++i];
    switch (argv[i - 1]) {
      case '--input': a.input = v; break;
      case '--horizon': a.horizon = Number(v); break;
      case '--season': a.season = Number(v); break;
      case '--models': a.models = v.split(',').filter((m) => m !== ''); break;
      case '--origins': a.origins = Number(v); break;
      case '--seed': a.seed = Number(v); break;
      case '--min-train': a.minTrain = Number(v); break;
      case '--out': a.out = v; break;
      default: throw new Error(`unknown argument ${argv[i - 1]}`);
    }
  }
  if (!a.input || !a.out || !(a.horizon > 0) || a.models.length === 0) throw new Error('usage: --input FILE --horizon H --season M --models a,b --out FILE.json');
  return a;
}

type Run = (y: readonly number[], h: number) => number[];

function cpuMs(): number {
  const u = process.cpuUsage();
  return (u.user + u.system) / 1000;
}

async function main(): Promise<void> {
  const args = parse(inputArguments(process.argv.slice(2)));
  await loadAugurs();
  const all = await readSeriesCsv(args.input);
  const series = all.filter((s) => s.values.every((v) => Number.isFinite(v))).map((s) => ({ id: s.id, values: s.values }));
  const runners = new Map<string, { run: Run; validationRun: Run }>();
  for (const name of args.models) {
    if (name === 'global-tree') {
      const tree = buildGlobalTreeForecaster(series, { horizon: args.horizon, season: args.season, seed: args.seed });
      if (!tree) throw new Error('global-tree: no series long enough');
      process.stderr.write(`global-tree: trained in ${Math.round(tree.trainingMs)} ms, validation tree in ${Math.round(tree.validationTrainingMs ?? 0)} ms\n`);
      const f = (m: GlobalForecaster): Run => (y, h) => m.forecast(y, h).mean;
      runners.set(name, { run: f(tree.model), validationRun: f(tree.validationModel ?? tree.model) });
    } else {
      const model = modelByName(name);
      const fit = { season: args.season, seed: args.seed };
      const run: Run = (y, h) => {
        if (y.length < model.minHistory(fit)) throw new Error('too short');
        return model.fit(y, fit).predict(h).mean;
      };
      runners.set(name, { run, validationRun: run });
    }
  }
  const cpu: Record<string, number> = Object.fromEntries(args.models.map((m) => [m, 0]));
  const safe = (name: string, run: Run, y: readonly number[], h: number): number[] | null => {
    const started = cpuMs();
    try {
      const f = run(y, h);
      return f.length === h && f.every((v) => Number.isFinite(v)) ? f.map((v) => Number(v.toPrecision(10))) : null;
    } catch {
      return null;
    } finally {
      cpu[name] += cpuMs() - started;
    }
  };
  const out = [];
  for (const s of series) {
    const split = holdoutSplit(s.values, args.horizon);
    if (!split) continue;
    const origins = validationOrigins(split.train.length, args.horizon, args.minTrain, args.origins);
    const models: Record<string, { test: number[] | null; validation: (number[] | null)[] }> = {};
    for (const [name, { run, validationRun }] of runners) {
      models[name] = {
        test: safe(name, run, split.train, args.horizon),
        validation: origins.map((o) => safe(name, validationRun, split.train.slice(0, o.origin), o.length)),
      };
    }
    out.push({ id: s.id, train: split.train, actual: split.actual, origins, models });
  }
  writeFileSync(args.out, JSON.stringify({ input: args.input, horizon: args.horizon, season: args.season, series: out }));
  for (const m of args.models) process.stderr.write(`${m}: ${(cpu[m] / out.length).toFixed(2)} ms CPU per series (test + ${args.origins} validation fits)\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`${String(error)}\n`);
  process.exitCode = 1;
});
