/**
 * Global tree model accuracy on M3 monthly (horizon 18, official split) and car parts (horizon 6).
 * Trains only on the training parts. Usage:
 *   node dist/bench/gbdt/m3-accuracy.js [--data DIR] [m3|carparts] [blend|direct|recursive|baseline] [key=value ...]
 * --data: the folder with the public data sets (default: the repository's bench/data);
 * where key=value overrides booster params (e.g. learningRate=0.03 numLeaves=63 objective=tweedie)
 * or the model's maxRowsPerStep=N, refit=0|1, target=ratio|log1p and biasCorrection=0|1.
 */
import { performance } from 'node:perf_hooks';
import { MINIMUM_HISTORY } from '../../src/common/history-window';
import { BoosterParams } from '../../src/forecast/gbdt/booster';
import { GlobalTreeStrategy, GlobalTreeTarget, trainGlobalTreeModel } from '../../src/forecast/models/global-tree';
import { mase, meanFinite, smape } from './accuracy-metrics';
import { dataDirArgument, loadCarParts, loadM3Monthly } from '../support/public-data';

function parseOverrides(args: readonly string[]): Partial<BoosterParams> {
  const params: Record<string, number | string> = {};
  for (const arg of args) {
    const [key, raw] = arg.split('=');
    if (raw === undefined) continue;
    params[key] = Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return params as Partial<BoosterParams>;
}

function main(): void {
  const { dataDir, rest: args } = dataDirArgument(process.argv.slice(2));
  const dataset = args[0] ?? 'm3';
  const strategy = (args[1] ?? 'blend') as GlobalTreeStrategy;
  const overrides = parseOverrides(args.slice(2)) as Record<string, unknown>;
  const { maxRowsPerStep, refit, target, biasCorrection, ...params } = overrides;
  const horizon = dataset === 'carparts' ? 6 : 18;
  const season = 12;
  const data = dataset === 'carparts' ? loadCarParts(dataDir, horizon) : loadM3Monthly(dataDir);
  const usable = data.filter((s) => s.train.length >= MINIMUM_HISTORY && s.train.every(Number.isFinite));
  if ((strategy as string) === 'baseline') {
    // Seasonal naive (lag 12) on exactly the same series, for context.
    const naive = usable.map((s) => s.test.map((_, k) => s.train[s.train.length - season + (k % season)]));
    console.log(
      JSON.stringify({
        dataset,
        model: 'seasonal-naive',
        series: usable.length,
        smape: Number(meanFinite(usable.map((s, i) => smape(s.test, naive[i]))).mean.toFixed(3)),
        mase: Number(meanFinite(usable.map((s, i) => mase(s.train, s.test, naive[i], season))).mean.toFixed(4)),
      }),
    );
    return;
  }
  const started = performance.now();
  const cpuStart = process.cpuUsage();
  const model = trainGlobalTreeModel(
    usable.map((s) => s.train),
    {
      season,
      horizon,
      seed: 1,
      strategy,
      params: params as Partial<BoosterParams>,
      maxRowsPerStep: maxRowsPerStep as number | undefined,
      refit: refit === undefined ? undefined : Boolean(refit),
      target: target as GlobalTreeTarget | undefined,
      biasCorrection: biasCorrection === undefined ? undefined : Boolean(biasCorrection),
    },
  );
  const trainMs = performance.now() - started;
  const cpu = process.cpuUsage(cpuStart);
  const smapes: number[] = [];
  const mases: number[] = [];
  const inferenceStarted = performance.now();
  const forecasts = usable.map((s) => model.forecast(s.train, horizon).mean);
  const inferenceMs = performance.now() - inferenceStarted;
  let sumForecast = 0;
  let sumActual = 0;
  usable.forEach((s, i) => {
    smapes.push(smape(s.test, forecasts[i]));
    mases.push(mase(s.train, s.test, forecasts[i], season));
    sumForecast += forecasts[i].reduce((a, b) => a + b, 0);
    sumActual += s.test.reduce((a, b) => a + b, 0);
  });
  const sm = meanFinite(smapes);
  const ms = meanFinite(mases);
  console.log(
    JSON.stringify({
      dataset,
      strategy,
      overrides,
      series: usable.length,
      skipped: data.length - usable.length,
      smape: Number(sm.mean.toFixed(3)),
      mase: Number(ms.mean.toFixed(4)),
      maseSeries: ms.used,
      biasPercent: Number(((100 * (sumForecast - sumActual)) / sumActual).toFixed(2)),
      trainSeconds: Number((trainMs / 1000).toFixed(1)),
      trainCpuSeconds: Number(((cpu.user + cpu.system) / 1e6).toFixed(1)),
      inferenceMsPerSeries: Number((inferenceMs / usable.length).toFixed(3)),
      iterationsPerStep: model.summary?.iterationsPerStep,
      rowsPerStep: model.summary?.rowsPerStep,
    }),
  );
}

main();
