/**
 * Inference time of the ensemble per SKU (forecastSku, no Prophet) on demo weekly data:
 * 104 weeks of history, horizon 4, season 52, one core. Optionally with a trained global tree
 * (--with-global), whose training time is reported separately. Reports wall time and CPU time
 * (process.cpuUsage): on a shared machine the CPU time is the figure that carries over.
 *
 *   node dist/bench/accuracy/speed.js --skus 2000 [--with-global]
 */
import { MINIMUM_HISTORY } from '../../src/common/history-window';
import { forecastSku, GlobalForecaster } from '../../src/forecast/engine';
import { loadAugurs } from '../../src/forecast/models/augurs';
import { trainGlobalTreeModel } from '../../src/forecast/models/global-tree';
import { generateDemoItems } from '../../src/inventory/demo-generator';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

async function main(): Promise<void> {
  await loadAugurs();
  const skus = Number(argument('skus', '2000'));
  const histories: number[][] = [];
  for (const { usage } of generateDemoItems({ skus, weeks: 104, seed: 11, endWeekStart: '2026-11-23' })) {
    if (usage.length >= MINIMUM_HISTORY) histories.push(usage.map((u) => Number(u.quantity)));
  }
  let globalModel: GlobalForecaster | undefined;
  if (process.argv.includes('--with-global')) {
    const started = performance.now();
    globalModel = trainGlobalTreeModel(histories, { season: 52, horizon: 4, seed: 1 });
    process.stdout.write(`global tree: trained on ${histories.length} SKUs in ${(performance.now() - started).toFixed(0)} ms\n`);
  }
  // Warm-up (JIT, WASM) on the first 50, then time every SKU.
  for (const y of histories.slice(0, 50)) forecastSku(y, { horizon: 4, season: 52, globalModel });
  const times: number[] = [];
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  for (const y of histories) {
    const t0 = performance.now();
    forecastSku(y, { horizon: 4, season: 52, globalModel });
    times.push(performance.now() - t0);
  }
  const total = performance.now() - started;
  const cpu = process.cpuUsage(cpuStarted);
  const cpuMs = (cpu.user + cpu.system) / 1000;
  times.sort((a, b) => a - b);
  const at = (q: number) => times[Math.min(times.length - 1, Math.floor(q * times.length))].toFixed(2);
  process.stdout.write(`forecastSku: ${histories.length} SKUs in ${total.toFixed(0)} ms = ${(total / histories.length).toFixed(2)} ms/SKU (median ${at(0.5)}, p95 ${at(0.95)}, max ${at(1)})${globalModel ? ' with global tree' : ''}; CPU time ${(cpuMs / histories.length).toFixed(2)} ms/SKU\n`);
}

void main();
