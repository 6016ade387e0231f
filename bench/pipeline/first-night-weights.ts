/**
 * What a SKU's ensemble weights cost and are worth on a night they are not validated
 * (forecast/weights-schedule.ts): the full multi-origin validation, a single window, and the
 * selection table's pattern-level weights alone (no validation), on weekly demo SKUs with an
 * 8-week holdout: WAPE and MASE of the point forecast, p90 coverage, CPU per SKU.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/pipeline/first-night-weights.js [skus=1500] [seed=7]
 */
import { addWeeks } from '../../src/common/iso-week';
import { forecastSku, isInsufficientHistory } from '../../src/forecast/engine';
import { loadAugurs } from '../../src/forecast/models/augurs';
import { generateDemoItems } from '../../src/inventory/demo-generator';

const HORIZON = 8;
const WEEKS = 112;
const END = '2026-11-23';

async function main(): Promise<void> {
  const skus = Number(process.argv[2] ?? 1500);
  const seed = Number(process.argv[3] ?? 7);
  await loadAugurs();
  const series: number[][] = [];
  for (const { usage } of generateDemoItems({ skus, weeks: WEEKS, seed, endWeekStart: END })) {
    const byWeek = new Map<string, number>();
    for (const u of usage) byWeek.set(u.weekStart, (byWeek.get(u.weekStart) ?? 0) + Number(u.quantity));
    const dense = Array.from({ length: WEEKS }, (_, t) => byWeek.get(addWeeks(END, t - WEEKS + 1)) ?? 0);
    if (dense.slice(0, WEEKS - HORIZON).filter((v) => v > 0).length >= 12) series.push(dense);
  }
  console.log(`${series.length} demo SKUs (seed ${seed}), ${HORIZON}-week holdout`);
  console.log('| weights | WAPE % | MASE (lag-1 scale) | p90 coverage % | CPU ms per SKU |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const [label, origins] of [['full validation (3 origins)', undefined], ['single window', 1], ['pattern-level only (tonight\'s prior)', 0]] as const) {
    let abs = 0;
    let actual = 0;
    let scaled = 0;
    let scaledN = 0;
    let covered = 0;
    let points = 0;
    const cpu = process.cpuUsage();
    for (const y of series) {
      const train = y.slice(0, WEEKS - HORIZON);
      const test = y.slice(WEEKS - HORIZON);
      const f = forecastSku(train, { horizon: HORIZON, season: 52, seed: 1, validationOrigins: origins });
      if (isInsufficientHistory(f)) continue;
      let scale = 0;
      for (let t = 1; t < train.length; t++) scale += Math.abs(train[t] - train[t - 1]);
      scale /= train.length - 1;
      let e = 0;
      for (let i = 0; i < HORIZON; i++) {
        e += Math.abs(f.point[i] - test[i]);
        actual += test[i];
        if (test[i] <= f.quantiles.p90[i]) covered++;
        points++;
      }
      abs += e;
      if (scale > 0) {
        scaled += e / HORIZON / scale;
        scaledN++;
      }
    }
    const used = process.cpuUsage(cpu);
    console.log(`| ${label} | ${((100 * abs) / actual).toFixed(2)} | ${(scaled / scaledN).toFixed(4)} | ${((100 * covered) / points).toFixed(1)} | ${((used.user + used.system) / 1000 / series.length).toFixed(2)} |`);
  }
}

main().then(
  () => process.exit(0),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
