/**
 * (a) Global tree training time on synthetic weekly series (default 10,000 × 104 weeks, horizon
 * 4) and inference time per SKU; (b) accuracy of direct vs recursive on the same kind of data,
 * holding out the last 4 weeks (MASE with the lag-52 scale, and relative to seasonal naive).
 * Usage: node dist/bench/gbdt/weekly-bench.js [series=10000] [weeks=104] [strategy=direct|recursive|both] [target=ratio|log1p] [biasCorrection=0|1] [maxRowsPerStep=N] [key=value booster params]
 */
import { performance } from 'node:perf_hooks';
import { inverseNormalCdf } from '../../src/common/normal';
import { BoosterParams } from '../../src/forecast/gbdt/booster';
import { DEFAULT_GLOBAL_TREE_TARGET, GlobalTreeStrategy, GlobalTreeTarget, trainGlobalTreeModel } from '../../src/forecast/models/global-tree';
import { mase, meanFinite } from './accuracy-metrics';
import { syntheticWeeklySeries } from './synthetic-weekly';

const HORIZON = 4;
const SEASON = 52;

function argValue(name: string, fallback: string): string {
  const hit = process.argv.slice(2).find((a) => a.startsWith(`${name}=`));
  return hit ? hit.slice(name.length + 1) : fallback;
}

function boosterOverrides(): Partial<BoosterParams> {
  const params: Record<string, number | string> = {};
  for (const arg of process.argv.slice(2)) {
    const [key, raw] = arg.split('=');
    if (raw === undefined || ['series', 'weeks', 'strategy', 'maxRowsPerStep', 'target', 'biasCorrection'].includes(key)) continue;
    params[key] = Number.isFinite(Number(raw)) ? Number(raw) : raw;
  }
  return params as Partial<BoosterParams>;
}

function run(strategy: GlobalTreeStrategy, series: number[][], weeks: number): void {
  const params = boosterOverrides();
  const maxRowsArg = argValue('maxRowsPerStep', '');
  const maxRowsPerStep = maxRowsArg ? Number(maxRowsArg) : undefined;
  const target = argValue('target', DEFAULT_GLOBAL_TREE_TARGET) as GlobalTreeTarget;
  const biasCorrection = argValue('biasCorrection', '0') === '1';
  // Last observation of every series is in ISO week ((weeks − 1) mod 52) + 1.
  const weekOfYearAtEnd = series.map(() => ((weeks - 1) % 52) + 1);

  // (a) timing on the full histories.
  let started = performance.now();
  const cpuStart = process.cpuUsage();
  const full = trainGlobalTreeModel(series, { season: SEASON, horizon: HORIZON, seed: 1, strategy, weekOfYearAtEnd, params, maxRowsPerStep, target, biasCorrection });
  const trainSeconds = (performance.now() - started) / 1000;
  // CPU time of this process (user + system): what the training costs on one core, whatever
  // else the machine is doing (wall time on a shared machine overstates it).
  const cpu = process.cpuUsage(cpuStart);
  const trainCpuSeconds = (cpu.user + cpu.system) / 1e6;
  started = performance.now();
  for (const y of series) full.forecast(y, HORIZON, weekOfYearAtEnd[0] - 1);
  const inferenceMs = (performance.now() - started) / series.length;

  // (b) accuracy: train on all but the last 4 weeks, forecast them.
  const trainParts = series.map((y) => y.slice(0, weeks - HORIZON));
  const weekAtTrainEnd = trainParts.map(() => ((weeks - HORIZON - 1) % 52) + 1);
  const model = trainGlobalTreeModel(trainParts, { season: SEASON, horizon: HORIZON, seed: 1, strategy, weekOfYearAtEnd: weekAtTrainEnd, params, maxRowsPerStep, target, biasCorrection });
  const mases: number[] = [];
  const naiveMases: number[] = [];
  let sumAbsError = 0;
  let sumNaiveAbsError = 0;
  let sumForecast = 0;
  let sumActual = 0;
  // One-sided coverage of normal quantiles mean + z·sd (the definition: share of actuals at
  // or below p90/p95/p99), overall and for intermittent (≥ 30 % zero weeks) vs regular SKUs.
  const z = { p90: inverseNormalCdf(0.9), p95: inverseNormalCdf(0.95), p99: inverseNormalCdf(0.99) };
  type Tally = { points: number; p90: number; p95: number; p99: number };
  const tally = (): Tally => ({ points: 0, p90: 0, p95: 0, p99: 0 });
  const groups: Record<string, Tally> = { all: tally(), regular: tally(), intermittent: tally() };
  trainParts.forEach((train, i) => {
    const actual = series[i].slice(weeks - HORIZON);
    const { mean, sd } = model.forecast(train, HORIZON, weekAtTrainEnd[i] - 1);
    const naive = actual.map((_, k) => train[train.length - SEASON + k]);
    mases.push(mase(train, actual, mean, SEASON));
    naiveMases.push(mase(train, actual, naive, SEASON));
    const zeroShare = train.filter((v) => v === 0).length / train.length;
    const group = zeroShare >= 0.3 ? groups.intermittent : groups.regular;
    for (let k = 0; k < HORIZON; k++) {
      sumAbsError += Math.abs(actual[k] - mean[k]);
      sumForecast += mean[k];
      sumActual += actual[k];
      sumNaiveAbsError += Math.abs(actual[k] - naive[k]);
      for (const g of [groups.all, group]) {
        g.points++;
        const s = sd?.[k] ?? 0;
        if (actual[k] <= mean[k] + z.p90 * s) g.p90++;
        if (actual[k] <= mean[k] + z.p95 * s) g.p95++;
        if (actual[k] <= mean[k] + z.p99 * s) g.p99++;
      }
    }
  });
  const coverage = Object.fromEntries(
    Object.entries(groups).map(([name, g]) => [
      name,
      { points: g.points, p90: Number((g.p90 / g.points).toFixed(4)), p95: Number((g.p95 / g.points).toFixed(4)), p99: Number((g.p99 / g.points).toFixed(4)) },
    ]),
  );
  console.log(
    JSON.stringify({
      strategy,
      target,
      biasCorrection,
      params,
      series: series.length,
      weeks,
      trainSeconds: Number(trainSeconds.toFixed(1)),
      trainCpuSeconds: Number(trainCpuSeconds.toFixed(1)),
      inferenceMsPerSku: Number(inferenceMs.toFixed(3)),
      rowsPerStep: full.summary?.rowsPerStep,
      iterationsPerStep: full.summary?.iterationsPerStep,
      holdout: {
        mase: Number(meanFinite(mases).mean.toFixed(4)),
        seasonalNaiveMase: Number(meanFinite(naiveMases).mean.toFixed(4)),
        wapeVsSeasonalNaive: Number((sumAbsError / sumNaiveAbsError).toFixed(4)),
        biasPercent: Number(((100 * (sumForecast - sumActual)) / sumActual).toFixed(2)),
        normalQuantileCoverage: coverage,
      },
    }),
  );
}

function main(): void {
  const count = Number(argValue('series', '10000'));
  const weeks = Number(argValue('weeks', '104'));
  const strategy = argValue('strategy', 'direct');
  const series = syntheticWeeklySeries(count, weeks, 2026);
  const strategies: GlobalTreeStrategy[] = strategy === 'both' ? ['direct', 'recursive'] : [strategy as GlobalTreeStrategy];
  for (const s of strategies) run(s, series, weeks);
}

main();
