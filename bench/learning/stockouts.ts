/**
 * Stock-out weeks in training histories (issue 11): forecasts after stock-outs with and without
 * the correction of src/forecast/censored-demand.ts, on the demo catalog with a simulated stock.
 *
 *   node bin/build.js
 *   node dist/bench/learning/stockouts.js [--skus 200] [--seed 42] [--weeks 26] [--cover 1.0-1.6] [--recovery-only]
 *
 * Data: the demo generator (104 weeks of history + `weeks` replay weeks, ending 2026-11-23) is the
 * TRUE demand; new and discontinued products are left out. Each SKU's stock is simulated over the
 * whole span with lost sales: weekly review, order-up-to S, lead time 1 week (ordered at a week's
 * end, on the shelf at the start of the week after next), S = cover × 2 × the mean demand of the
 * last 13 weeks (a policy that follows demand), `cover` drawn per SKU (seeded) from the given
 * range — low covers run out often, peaks and erratic weeks run out. Recorded usage = min(demand, stock at the week's
 * start); a week is a stock-out week by the rule of src/inventory/stockout-weeks.ts: the stock at
 * its end is 0 while its usage is above 0.
 *
 * Every replay week, the members of the SKU's pattern (the engine's CANDIDATES without the global
 * tree, equal weights) are fitted on the recorded history up to the week before (≤ 104 weeks) and
 * forecast 4 weeks, scored against the TRUE demand of those weeks, three ways:
 * - raw: the recorded usage as it stands (what the nightly forecast did before);
 * - corrected: the stock-out weeks replaced by censoredDemandHistory (censored-demand.ts);
 * - corrected, zero-usage weeks too: the same with every week whose stock ended at 0 replaced,
 *   also those with no usage at all (out of stock the whole week) — not the rule the system
 *   applies (a week without usage shows no demand), measured to see what the rule leaves;
 * - true: fitted on the true demand (what no system can see; the floor of the error).
 * Reported: WAPE % and bias % (Σ (forecast − demand) / Σ demand; negative = low) over the origins
 * "after a stock-out" (one of the 4 newest history weeks is a stock-out week) and over all origins;
 * and how much of the stock-out weeks' true demand the recorded and the corrected history hold
 * (`--recovery-only`: that line alone, no fits).
 */
import { censoredDemandHistory } from '../../src/forecast/censored-demand';
import { CANDIDATES } from '../../src/forecast/ensemble';
import { loadAugurs } from '../../src/forecast/models/augurs';
import { classifyDemandPattern } from '../../src/forecast/models/demand-pattern';
import { modelByName } from '../../src/forecast/models/registry';
import { mixSeed, sampleUniform, xoshiro128ss } from '../../src/common/prng';
import { generateDemoItems } from '../../src/inventory/demo-generator';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const HISTORY = 104;
const HORIZON = 4;
const SEASON = 52;
const LEAD_WEEKS = 1;
/** Origins "after a stock-out": one of this many newest history weeks is a stock-out week. */
const AFTER_WEEKS = 4;

type Variant = 'raw' | 'corrected' | 'corrected, zero-usage weeks too' | 'true';
const VARIANTS: Variant[] = ['raw', 'corrected', 'corrected, zero-usage weeks too', 'true'];

/** Lost-sales stock over the series: recorded usage and the stock-out flags. */
export function simulateStock(demand: readonly number[], cover: number): { recorded: number[]; stockout: boolean[]; outAtEnd: boolean[] } {
  const recorded: number[] = [];
  const stockout: boolean[] = [];
  const outAtEnd: boolean[] = [];
  const arriving = new Array<number>(demand.length + LEAD_WEEKS + 2).fill(0);
  // The order-up-to level follows demand: cover × (lead time + review) × the mean of the last 13 weeks.
  const orderUpToAt = (t: number) => {
    const window = demand.slice(Math.max(0, t - 12), t + 1);
    return (cover * (LEAD_WEEKS + 1) * window.reduce((a, b) => a + b, 0)) / window.length;
  };
  let onHand = orderUpToAt(0);
  let pipeline = 0;
  for (let t = 0; t < demand.length; t++) {
    onHand += arriving[t];
    pipeline -= arriving[t];
    const used = Math.min(demand[t], onHand);
    onHand -= used;
    recorded.push(used);
    stockout.push(onHand <= 0 && used > 0);
    outAtEnd.push(onHand <= 0);
    const order = Math.max(0, orderUpToAt(t) - onHand - pipeline);
    arriving[t + 1 + LEAD_WEEKS] += order;
    pipeline += order;
  }
  return { recorded, stockout, outAtEnd };
}

function forecast(members: readonly string[], history: readonly number[]): number[] | null {
  const means: number[][] = [];
  for (const m of members) {
    const model = modelByName(m);
    if (history.length < model.minHistory({ season: SEASON })) continue;
    try {
      const f = model.fit(history, { season: SEASON, seed: 1 }).predict(HORIZON);
      if (f.mean.every((v) => Number.isFinite(v))) means.push(f.mean.map((v) => Math.max(0, v)));
    } catch {
      continue;
    }
  }
  if (means.length === 0) return null;
  return Array.from({ length: HORIZON }, (_, i) => means.reduce((s, m) => s + m[i], 0) / means.length);
}

interface Score {
  absError: number;
  error: number;
  actual: number;
  points: number;
}
const emptyScore = (): Score => ({ absError: 0, error: 0, actual: 0, points: 0 });

async function main(): Promise<void> {
  const skus = Number(argument('skus', '200'));
  const seed = Number(argument('seed', '42'));
  const weeks = Number(argument('weeks', '26'));
  const [coverLow, coverHigh] = argument('cover', '1.0-1.6').split('-').map(Number);
  await loadAugurs();
  const started = process.hrtime.bigint();
  const groups = ['after a stock-out', 'all origins'] as const;
  const scores = new Map<string, Score>();
  const add = (group: string, variant: Variant, f: readonly number[], actual: readonly number[]) => {
    const key = `${group}|${variant}`;
    const s = scores.get(key) ?? emptyScore();
    for (let i = 0; i < f.length; i++) {
      s.absError += Math.abs(f[i] - actual[i]);
      s.error += f[i] - actual[i];
      s.actual += actual[i];
      s.points++;
    }
    scores.set(key, s);
  };
  // How much of the stock-out weeks' demand the history recovers (Σ over those weeks of the whole span).
  const recovered = { recorded: 0, corrected: 0, demand: 0 };
  let skuCount = 0;
  let stockoutWeeks = 0;
  let allWeeks = 0;
  let afterOrigins = 0;
  let origins = 0;
  for (const { item, usage } of generateDemoItems({ skus, weeks: HISTORY + weeks + HORIZON - 1, seed, endWeekStart: '2026-11-23' })) {
    if (item.pattern === 'new' || item.pattern === 'discontinued') continue;
    const demand = usage.map((u) => Number(u.quantity));
    if (demand.length < HISTORY + weeks + HORIZON - 1) continue;
    const rand = xoshiro128ss(mixSeed(seed, 7919, skuCount));
    const cover = sampleUniform(rand, coverLow, coverHigh);
    const { recorded, stockout, outAtEnd } = simulateStock(demand, cover);
    const members = CANDIDATES[classifyDemandPattern(recorded.slice(0, HISTORY)).pattern].filter((m) => m !== 'global-tree');
    skuCount++;
    const span = HISTORY + weeks;
    const spanCensored = stockout.slice(0, span).flatMap((f, i) => (f ? [i] : []));
    const spanCorrected = censoredDemandHistory(recorded.slice(0, span), spanCensored);
    for (const i of spanCensored) {
      recovered.recorded += recorded[i];
      recovered.corrected += spanCorrected[i];
      recovered.demand += demand[i];
    }
    stockoutWeeks += spanCensored.length;
    allWeeks += span;
    if (process.argv.includes('--recovery-only')) continue;
    for (let k = 0; k < weeks; k++) {
      const origin = HISTORY + k; // the first forecast week
      const from = Math.max(0, origin - HISTORY);
      const flags = stockout.slice(from, origin);
      const censored = flags.flatMap((f, i) => (f ? [i] : []));
      const allOut = outAtEnd.slice(from, origin).flatMap((f, i) => (f ? [i] : []));
      const histories: Record<Variant, number[]> = {
        raw: recorded.slice(from, origin),
        corrected: censoredDemandHistory(recorded.slice(from, origin), censored),
        'corrected, zero-usage weeks too': censoredDemandHistory(recorded.slice(from, origin), allOut),
        true: demand.slice(from, origin),
      };
      const actual = demand.slice(origin, origin + HORIZON);
      const after = flags.slice(-AFTER_WEEKS).some(Boolean);
      const raw = forecast(members, histories.raw);
      if (!raw) continue;
      const results: Record<Variant, number[] | null> = {
        raw,
        corrected: censored.length === 0 ? raw : forecast(members, histories.corrected),
        'corrected, zero-usage weeks too': allOut.length === 0 ? raw : allOut.length === censored.length ? null : forecast(members, histories['corrected, zero-usage weeks too']),
        true: forecast(members, histories.true),
      };
      if (results['corrected, zero-usage weeks too'] === null && allOut.length === censored.length) results['corrected, zero-usage weeks too'] = results.corrected;
      if (VARIANTS.some((v) => !results[v])) continue;
      origins++;
      if (after) afterOrigins++;
      for (const v of VARIANTS) {
        add('all origins', v, results[v]!, actual);
        if (after) add('after a stock-out', v, results[v]!, actual);
      }
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  console.log(`seed ${seed}, ${skuCount} SKUs, ${weeks} origins each, covers ${coverLow}–${coverHigh}: stock-out weeks ${((100 * stockoutWeeks) / allWeeks).toFixed(1)} % of SKU-weeks; origins after a stock-out ${afterOrigins} of ${origins}; ${seconds.toFixed(0)} s`);
  console.log(`demand of the stock-out weeks (whole span) kept: recorded ${((100 * recovered.recorded) / recovered.demand).toFixed(1)} %, corrected ${((100 * recovered.corrected) / recovered.demand).toFixed(1)} % of the true demand`);
  console.log('| seed | origins | history | WAPE % | bias % |');
  console.log('| --- | --- | --- | --- | --- |');
  for (const g of groups) {
    for (const v of VARIANTS) {
      const s = scores.get(`${g}|${v}`);
      if (!s) continue;
      const n = g === 'all origins' ? origins : afterOrigins;
      console.log(`| ${seed} | ${g} (${n}) | ${v} | ${((100 * s.absError) / s.actual).toFixed(2)} | ${((100 * s.error) / s.actual).toFixed(2)} |`);
    }
  }
}

if (require.main === module) {
  main().catch((error) => {
    console.error(error);
    process.exit(1);
  });
}
