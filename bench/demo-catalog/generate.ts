/**
 * Time and memory of the demo catalog generator at benchmark size.
 *
 *   npx tsc -p tsconfig.build.json && node --expose-gc dist/bench/demo-catalog/generate.js [skus] [weeks] [seed]
 *
 * Prints, for the in-memory catalog (generateDemoCatalog) and the streaming variant
 * (generateDemoItems, rows counted and dropped): wall time, CPU time of the process and the heap
 * in use afterwards. Defaults: 10,000 SKUs × 104 weeks, seed 42.
 */
import { generateDemoCatalog, generateDemoItems } from '../../src/inventory/demo-generator';

function heapMb(): number {
  (globalThis as { gc?: () => void }).gc?.();
  return process.memoryUsage().heapUsed / 1e6;
}

function measure<T>(label: string, run: () => T): T {
  const heapBefore = heapMb();
  const cpuBefore = process.cpuUsage();
  const start = process.hrtime.bigint();
  const result = run();
  const wallMs = Number(process.hrtime.bigint() - start) / 1e6;
  const cpu = process.cpuUsage(cpuBefore);
  const heapAfter = heapMb();
  console.log(
    `${label}: wall ${wallMs.toFixed(0)} ms, cpu ${((cpu.user + cpu.system) / 1000).toFixed(0)} ms, ` +
      `heap retained ${(heapAfter - heapBefore).toFixed(0)} MB, rss ${(process.memoryUsage().rss / 1e6).toFixed(0)} MB`,
  );
  return result;
}

const skus = Number(process.argv[2] ?? 10_000);
const weeks = Number(process.argv[3] ?? 104);
const seed = Number(process.argv[4] ?? 42);
const options = { skus, weeks, seed, endWeekStart: '2026-11-23' };
console.log(`demo catalog: ${skus} SKUs x ${weeks} weeks, seed ${seed}, node ${process.version}`);

measure('streaming (generateDemoItems)', () => {
  let rows = 0;
  for (const { usage } of generateDemoItems(options)) rows += usage.length;
  console.log(`  ${rows} usage rows`);
  return rows;
});
const catalog = measure('in memory (generateDemoCatalog)', () => generateDemoCatalog(options));
console.log(`  ${catalog.items.length} items, ${catalog.usage.length} usage rows, ${catalog.suppliers.length} suppliers`);
