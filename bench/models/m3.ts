/**
 * Accuracy and speed of each forecasting model on the shared public data sets.
 *
 *   npx tsc -p tsconfig.build.json
 *   node dist/bench/models/m3.js [--set m3|carparts|demo] [--data DIR] [--models a,b] [--limit N]
 *
 * --data: the folder with the public data sets (default: the repository's bench/data).
 *
 * m3: M3 monthly, official split (last 18 of each series are the test), season 12.
 * carparts: last 6 of each series held out, season 12.
 * demo: the demo catalog generator's weekly usage (1,000 SKUs × 104 weeks, seed 42), last 4
 *   weeks held out, season 52; SKUs with fewer than 16 training weeks are left out.
 * MASE by pattern: per Syntetos–Boylan class of each series' training part (demand-pattern.ts).
 * A model name `a+b` is the equal-weight mean of models a and b.
 * ms/series = CPU time (user + system) of fit + predict, one core.
 * cover95 = share of test actuals inside mean ± 1.96·sd (models with an sd only).
 * sMAPE = mean of 200·|y − f|/(|y| + |f|) (0 when both are 0); MASE scaled by the training
 * part's mean absolute lag-12 difference (series with a zero scale are left out of MASE).
 */
import { loadAugurs } from '../../src/forecast/models/augurs';
import { ForecastModel } from '../../src/forecast/models/model';
import { forecastModels, modelByName } from '../../src/forecast/models/registry';
import { classifyDemandPattern, DemandPattern } from '../../src/forecast/models/demand-pattern';
import { generateDemoItems } from '../../src/inventory/demo-generator';
import { dataDirArgument, loadCarParts, loadM3Monthly, SplitSeries } from '../support/public-data';

function loadData(name: string, dataDir: string): { series: SplitSeries[]; horizon: number; season: number } {
  if (name === 'm3') return { series: loadM3Monthly(dataDir), horizon: 18, season: 12 };
  if (name === 'carparts') return { series: loadCarParts(dataDir, 6), horizon: 6, season: 12 };
  if (name === 'demo') {
    const series: SplitSeries[] = [];
    for (const { item, usage } of generateDemoItems({ skus: 1000, weeks: 104, seed: 42, endWeekStart: '2026-11-23' })) {
      const values = usage.map((row) => Number(row.quantity));
      if (values.length < 20) continue;
      series.push({ id: item.sku, train: values.slice(0, -4), test: values.slice(-4) });
    }
    return { series, horizon: 4, season: 52 };
  }
  throw new Error(`unknown data set ${name}`);
}

/** `a+b+c`: the plain mean of the members' forecasts (no sd), to see what combining can gain. */
function equalWeightCombination(members: ForecastModel[]): ForecastModel {
  return {
    name: members.map((m) => m.name).join('+'),
    minHistory: (options) => Math.max(...members.map((m) => m.minHistory(options))),
    fit(y, options) {
      const fitted = members.map((m) => m.fit(y, options));
      return {
        predict(h) {
          const means = fitted.map((f) => f.predict(h).mean);
          return { mean: means[0].map((_, i) => means.reduce((sum, m) => sum + m[i], 0) / means.length) };
        },
      };
    },
  };
}

const { dataDir, rest: argv } = dataDirArgument(process.argv.slice(2));

function arg(name: string, fallback: string): string {
  const i = argv.indexOf(`--${name}`);
  return i >= 0 ? argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const dataName = arg('set', 'm3');
  const limit = Number(arg('limit', '0'));
  const modelNames = arg('models', Object.keys(forecastModels).filter((m) => m !== 'prophet').join(',')).split(',');
  await loadAugurs();
  const data = loadData(dataName, dataDir);
  const series = limit > 0 ? data.series.slice(0, limit) : data.series;
  console.log(`${dataName}: ${series.length} series, horizon ${data.horizon}, season ${data.season}`);
  const patterns = series.map((s) => classifyDemandPattern(s.train).pattern);
  const patternNames: DemandPattern[] = ['smooth', 'erratic', 'intermittent', 'lumpy'];
  const counts = patternNames.map((p) => `${p} ${patterns.filter((q) => q === p).length}`).join(', ');
  console.log(`Syntetos–Boylan patterns of the training parts: ${counts}`);
  console.log('model            sMAPE     MASE  skipped  failed  ms/series  cover95   MASE by pattern (smooth erratic intermittent lumpy)');
  for (const name of modelNames) {
    const model = name.includes('+') ? equalWeightCombination(name.split('+').map(modelByName)) : modelByName(name);
    let smapeSum = 0;
    let smapeCount = 0;
    let maseSum = 0;
    let maseCount = 0;
    let skipped = 0;
    let failed = 0;
    let elapsedMs = 0;
    let covered = 0;
    let coverable = 0;
    const maseByPattern = new Map<DemandPattern, { sum: number; count: number }>();
    for (const [k, s] of series.entries()) {
      if (s.train.length < model.minHistory({ season: data.season })) {
        skipped++;
        continue;
      }
      // CPU time of this process (one thread), so other load on the machine does not count.
      const started = process.cpuUsage();
      let forecast: number[];
      let sd: number[] | undefined;
      try {
        const predicted = model.fit(s.train, { season: data.season, seed: 1 }).predict(data.horizon);
        forecast = predicted.mean;
        sd = predicted.sd;
      } catch (error) {
        failed++;
        if (failed <= 3) console.error(`${name} ${s.id}: ${(error as Error).message}`);
        continue;
      }
      const used = process.cpuUsage(started);
      elapsedMs += (used.user + used.system) / 1000;
      let scale = 0;
      for (let t = data.season; t < s.train.length; t++) scale += Math.abs(s.train[t] - s.train[t - data.season]);
      scale /= s.train.length - data.season;
      let sErr = 0;
      let aErr = 0;
      for (let i = 0; i < data.horizon; i++) {
        const y = s.test[i];
        const f = forecast[i];
        if (!Number.isFinite(f)) throw new Error(`${name} ${s.id}: non-finite forecast`);
        const denominator = Math.abs(y) + Math.abs(f);
        sErr += denominator > 0 ? (200 * Math.abs(y - f)) / denominator : 0;
        aErr += Math.abs(y - f);
        if (sd) {
          coverable++;
          if (Math.abs(y - f) <= 1.959964 * sd[i]) covered++;
        }
      }
      smapeSum += sErr / data.horizon;
      smapeCount++;
      if (scale > 0 && Number.isFinite(scale)) {
        maseSum += aErr / data.horizon / scale;
        maseCount++;
        const byPattern = maseByPattern.get(patterns[k]) ?? { sum: 0, count: 0 };
        byPattern.sum += aErr / data.horizon / scale;
        byPattern.count++;
        maseByPattern.set(patterns[k], byPattern);
      }
    }
    const fitted = smapeCount;
    console.log(
      `${name.padEnd(14)} ${(smapeSum / smapeCount).toFixed(2).padStart(7)} ${(maseSum / maseCount).toFixed(3).padStart(8)}` +
        ` ${String(skipped).padStart(8)} ${String(failed).padStart(7)} ${(elapsedMs / Math.max(1, fitted)).toFixed(2).padStart(10)}` +
        ` ${coverable > 0 ? ((100 * covered) / coverable).toFixed(1).padStart(8) : '       -'}   ` +
        patternNames
          .map((p) => {
            const v = maseByPattern.get(p);
            return v && v.count > 0 ? (v.sum / v.count).toFixed(3) : '-';
          })
          .join(' '),
    );
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
