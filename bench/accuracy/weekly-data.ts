/**
 * Weekly demand series from the demo generator (src/inventory/demo-generator.ts: smooth with
 * trend + yearly seasonality, erratic, intermittent, lumpy, new and discontinued products — known
 * generating processes), written as the backtest CLI's long CSV. The generator's pattern is kept
 * in the series id (`SKU-00001:smooth`) so score.ts can report per pattern.
 *
 *   node dist/bench/accuracy/weekly-data.js --skus 2000 --weeks 108 --seed 42 --out weekly.csv
 */
import { createWriteStream } from 'node:fs';
import { generateDemoItems } from '../../src/inventory/demo-generator';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

async function main(): Promise<void> {
  const skus = Number(argument('skus', '2000'));
  const weeks = Number(argument('weeks', '108'));
  const seed = Number(argument('seed', '42'));
  const out = createWriteStream(argument('out', 'weekly.csv'));
  out.write('series_id,period,value\n');
  for (const { item, usage } of generateDemoItems({ skus, weeks, seed, endWeekStart: '2026-11-23' })) {
    for (const row of usage) out.write(`${item.sku}:${item.pattern},${row.weekStart},${row.quantity}\n`);
  }
  await new Promise<void>((resolve) => out.end(resolve));
}

void main();
