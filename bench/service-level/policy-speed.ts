/**
 * Microseconds per recommendReorder() call — the policy runs for every SKU every night.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/service-level/policy-speed.js [--calls 20000] [--rounds 7]
 *
 * Cases: fixed lead time; variable lead time (CV 25 %) with monthly orders (nothing held back: the
 * exposure is the lead time, no grid); variable lead time (CV 40 %) with weekly orders delivered in
 * order (the exposure grid runs); the same told 'independent'. Prints the fastest round of each
 * (the least disturbed by other processes) and the median.
 */
import { recommendReorder, ReorderInput } from '../../src/reorder/policy';

const base: ReorderInput = {
  forecast: { meanPerWeek: [70, 70, 70, 70], sdPerWeek: [20, 20, 20, 20] },
  leadTimeDays: 30,
  serviceLevel: 0.95,
  onHandUnits: 100,
  onOrderUnits: 0,
};

const CASES: [string, Partial<ReorderInput>][] = [
  ['fixed lead time', {}],
  ['lead-time CV 25 %, 4-week orders', { leadTimeSdDays: 7.5 }],
  ['lead-time CV 40 %, 1-week orders, in order', { leadTimeSdDays: 12, cycleStockWeeks: 1, deliveries: 'in-order' }],
  ['lead-time CV 40 %, 1-week orders, independent', { leadTimeSdDays: 12, cycleStockWeeks: 1, deliveries: 'independent' }],
];

function option(name: string, fallback: number): number {
  const i = process.argv.indexOf(name);
  return i >= 0 ? Number(process.argv[i + 1]) : fallback;
}

const calls = option('--calls', 20000);
const rounds = option('--rounds', 7);
const timings = CASES.map(() => [] as number[]);
let sink = 0;
for (let round = 0; round < rounds; round++) {
  CASES.forEach(([, overrides], c) => {
    const started = process.hrtime.bigint();
    for (let i = 0; i < calls; i++) sink += recommendReorder({ ...base, ...overrides, onHandUnits: i % 400 }).orderQuantityUnits;
    timings[c].push(Number(process.hrtime.bigint() - started) / 1e3 / calls);
  });
}
CASES.forEach(([name], c) => {
  const sorted = [...timings[c]].sort((a, b) => a - b);
  console.log(`${name}: fastest ${sorted[0].toFixed(1)} µs/call, median ${sorted[Math.floor(sorted.length / 2)].toFixed(1)} µs/call`);
});
if (!Number.isFinite(sink)) throw new Error('unreachable');
