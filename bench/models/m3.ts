/**
 * Accuracy and speed of each forecasting model on the shared public data sets.
 *
 *   npx tsc -p tsconfig.build.json
 *   node dist/bench/models/m3.js [--data m3|carparts] [--models a,b] [--limit N]
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
import { readFileSync } from 'node:fs';
import { loadAugurs } from '../../src/forecast/models/augurs';
import { ForecastModel } from '../../src/forecast/models/model';
import { forecastModels, modelByName } from '../../src/forecast/models/registry';
import { classifyDemandPattern, DemandPattern } from '../../src/forecast/models/demand-pattern';
import { generateDemoItems } from '../../src/inventory/demo-generator';

const DATA_DIR = '/work/shared/data';

interface BenchSeries {
  id: string;
  train: number[];
  test: number[];
}

function readLongCsv(file: string): Map<string, number[]> {
  const lines = readFileSync(file, 'utf8').split('\n');
  const series = new Map<string, number[]>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const [id, , value] = line.split(',');
    let values = series.get(id);
    if (!values) series.set(id, (values = []));
    values.push(Number(value));
  }
  return series;
}

function loadData(name: string): { series: BenchSeries[]; horizon: number; season: number } {
  if (name === 'm3') {
    const all = readLongCsv(`${DATA_DIR}/m3_monthly.csv`);
    const meta = readFileSync(`${DATA_DIR}/m3_monthly_meta.csv`, 'utf8').trim().split('\n').slice(1);
    const series = meta.map((line) => {
      const [id, , nTrain] = line.split(',');
      const values = all.get(id)!;
      return { id, train: values.slice(0, Number(nTrain)), test: values.slice(Number(nTrain)) };
    });
    return { series, horizon: 18, season: 12 };
  }
  if (name === 'carparts') {
    const all = readLongCsv(`${DATA_DIR}/carparts.csv`);
    const series = [...all].map(([id, values]) => ({ id, train: values.slice(0, -6), test: values.slice(-6) }));
    return { series, horizon: 6, season: 12 };
  }
  if (name === 'demo') {
    const series: BenchSeries[] = [];
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

function arg(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 ? process.argv[i + 1] : fallback;
}

async function main(): Promise<void> {
  const dataName = arg('data', 'm3');
  const limit = Number(arg('limit', '0'));
  const modelNames = arg('models', Object.keys(forecastModels).filter((m) => m !== 'prophet').join(',')).split(',');
  await loadAugurs();
  const data = loadData(dataName);
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
