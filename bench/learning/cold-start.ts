/**
 * Cold-start bench (issue 11): new products forecast by learning/cold-start.ts in weeks 1–12 of
 * their life, scored by week of life.
 *
 *   node dist/bench/learning/cold-start.js [--seeds 42,2024] [--new 1000] [--skus 300]
 *     [--half-life 2] [--shrink 0] [--peer-cv-weeks 2] [--sd-multiplier 1] [--cv-floor 0.5] [--launch-profile learned|none] [--tail t4|normal] [--by-pattern]
 *
 * Per seed: the established catalog is the demo generator's (`--skus` SKUs, seed, 8 suppliers;
 * the SKUs with full history are the peers, as the service's "12+ weeks" SKUs); the new products
 * are the replay's new-product wave (bench/learning/replay.ts waveSkus: the full-history SKUs of
 * a second demo catalog at seed + 1000, their demand times the generator's launch ramp ¼, ½, ¾,
 * then all of it), `--new` of them, arriving right after the catalog's 104 weeks. At every week
 * of life k = 1…12 each is forecast (horizon 4) from its own weeks 1…k−1 and its supplier's peers'
 * weekly usage up to the same week, and scored on week k (one week ahead) and on weeks k…k+3
 * (the 4-week total, cold-start-interval.ts's total quantiles).
 *
 * Scores: WAPE = Σ|f − a| / Σa, bias = Σ(f − a) / Σa, coverage = share of actuals ≤ the p50 / p90 /
 * p95 / p99 quantile (weekly and 4-week total), pinball = Σ over points of the pinball loss at
 * p50/p90/p95/p99 (averaged over the four) / Σa, in %; p95 / mean = Σ p95 / Σ mean (how wide the
 * interval the policy orders up to is). Options override COLD_START_DEFAULTS (for tuning).
 *
 * The launch profile (launch-profile.ts) is learned as the service learns it, from the catalog's
 * earlier launches: another wave of new products (seed + 1), whole lives, not the ones scored;
 * `--launch-profile none` forecasts without one.
 */
import { coldStartForecast, COLD_START_DEFAULTS, ColdStartOptions } from '../../src/learning/cold-start';
import { coldStartDistribution, ColdStartTail } from '../../src/learning/cold-start-interval';
import { generateDemoItems } from '../../src/inventory/demo-generator';
import { learnLaunchProfile } from '../../src/learning/launch-profile';
import { END_WEEK, HISTORY, waveSkus } from './replay';

function argument(name: string, fallback: string): string {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && process.argv[i + 1] !== undefined ? process.argv[i + 1] : fallback;
}

const LIFE = 12;
const HORIZON = 4;
const LEVELS = ['p50', 'p90', 'p95', 'p99'] as const;
const TAU = { p50: 0.5, p90: 0.9, p95: 0.95, p99: 0.99 } as const;
type Level = (typeof LEVELS)[number];

interface Point {
  life: number;
  pattern: string;
  mean: number;
  actual: number;
  q: Record<Level, number>;
  totalActual: number | null;
  totalMean: number;
  totalQ: Record<Level, number>;
}

function pinball(q: number, a: number, tau: number): number {
  return a >= q ? tau * (a - q) : (1 - tau) * (q - a);
}

function score(points: readonly Point[]) {
  const n = points.length;
  const sa = points.reduce((s, p) => s + p.actual, 0);
  const totals = points.filter((p) => p.totalActual !== null);
  const share = (xs: readonly Point[], f: (p: Point) => boolean) => (100 * xs.filter(f).length) / Math.max(1, xs.length);
  const pin = LEVELS.reduce((s, l) => s + points.reduce((t, p) => t + pinball(p.q[l], p.actual, TAU[l]), 0), 0) / LEVELS.length;
  return {
    n,
    wape: (100 * points.reduce((s, p) => s + Math.abs(p.mean - p.actual), 0)) / sa,
    bias: (100 * points.reduce((s, p) => s + p.mean - p.actual, 0)) / sa,
    cov: Object.fromEntries(LEVELS.map((l) => [l, share(points, (p) => p.actual <= p.q[l])])) as Record<Level, number>,
    totalCov: Object.fromEntries(LEVELS.map((l) => [l, share(totals, (p) => p.totalActual! <= p.totalQ[l])])) as Record<Level, number>,
    pinball: (100 * pin) / sa,
    width: points.reduce((s, p) => s + p.q.p95, 0) / points.reduce((s, p) => s + p.mean, 0),
  };
}

function row(label: string, points: readonly Point[]): string {
  const s = score(points);
  const f = (x: number, d = 1) => x.toFixed(d);
  return `| ${label} | ${s.n} | ${f(s.wape)} | ${f(s.bias)} | ${LEVELS.map((l) => f(s.cov[l])).join(' | ')} | ${LEVELS.map((l) => f(s.totalCov[l])).join(' | ')} | ${f(s.pinball, 2)} | ${f(s.width, 2)} |`;
}

function runSeed(seed: number, newCount: number, skus: number, base: ColdStartOptions, tail: ColdStartTail, learnProfile: boolean): Point[] {
  // The catalog's earlier launches: another wave (seed + 1), their whole 15 weeks.
  const launchProfile = learnProfile ? learnLaunchProfile(waveSkus(newCount, seed + 1, LIFE + HORIZON - 1, 0).map((n) => n.demand)) : null;
  const options: ColdStartOptions = { ...base, launchProfile };
  console.log(`seed ${seed}: launch profile learned from ${newCount} earlier launches: ${launchProfile ? launchProfile.map((r) => r.toFixed(2)).join(', ') : 'none'}`);
  // Peers: the catalog's SKUs with full history, by supplier (their usage up to the wave's 12th + 3 weeks).
  const weeks = LIFE + HORIZON - 1;
  const peersBySupplier = new Map<string, number[][]>();
  for (const { item, usage } of generateDemoItems({ skus, weeks: HISTORY + weeks, seed, endWeekStart: END_WEEK })) {
    if (item.pattern === 'new' || item.pattern === 'discontinued' || usage.length < HISTORY + weeks) continue; // as the replay's catalog
    const list = peersBySupplier.get(item.supplierName) ?? [];
    list.push(usage.map((u) => Number(u.quantity)));
    peersBySupplier.set(item.supplierName, list);
  }
  const patterns = new Map<string, string>();
  for (const { item } of generateDemoItems({ skus: 2 * newCount + 10, weeks: HISTORY + weeks, seed: seed + 1000, endWeekStart: END_WEEK })) patterns.set(`NEW-${item.sku.slice(4)}`, item.pattern);
  const points: Point[] = [];
  for (const n of waveSkus(newCount, seed, weeks, 0)) {
    const peers = peersBySupplier.get(n.supplier) ?? [];
    for (let k = 1; k <= LIFE; k++) {
      const t = HISTORY + k - 1; // catalog week index of life week k
      const f = coldStartForecast(n.demand.slice(0, k - 1), peers.map((p) => p.slice(0, t)), HORIZON, options);
      if (!f) continue;
      const d = coldStartDistribution(f.mean, f.sd, tail);
      const window = n.demand.slice(k - 1, k - 1 + HORIZON);
      points.push({
        life: k,
        pattern: patterns.get(n.sku) ?? '?',
        mean: d.mean[0],
        actual: n.demand[k - 1],
        q: { p50: d.quantiles.p50[0], p90: d.quantiles.p90[0], p95: d.quantiles.p95[0], p99: d.quantiles.p99[0] },
        totalActual: window.length === HORIZON ? window.reduce((s, x) => s + x, 0) : null,
        totalMean: d.total.mean,
        totalQ: { p50: d.total.p50, p90: d.total.p90, p95: d.total.p95, p99: d.total.p99 },
      });
    }
  }
  return points;
}

function main(): void {
  const seeds = argument('seeds', '42,2024').split(',').map(Number);
  const newCount = Number(argument('new', '1000'));
  const skus = Number(argument('skus', '300'));
  const options: ColdStartOptions = {
    halfLifeWeeks: Number(argument('half-life', String(COLD_START_DEFAULTS.halfLifeWeeks))),
    shrinkWeeks: Number(argument('shrink', String(COLD_START_DEFAULTS.shrinkWeeks))),
    peerCvWeeks: Number(argument('peer-cv-weeks', String(COLD_START_DEFAULTS.peerCvWeeks))),
    sdMultiplier: Number(argument('sd-multiplier', String(COLD_START_DEFAULTS.sdMultiplier))),
    cvFloor: Number(argument('cv-floor', String(COLD_START_DEFAULTS.cvFloor))),
    launchProfile: null,
  };
  const learnProfile = argument('launch-profile', 'learned') !== 'none';
  const tail = argument('tail', 't4') as ColdStartTail;
  const byPattern = process.argv.includes('--by-pattern');
  const started = Date.now();
  const all: Point[] = [];
  const perSeed: [number, Point[]][] = [];
  for (const seed of seeds) {
    const points = runSeed(seed, newCount, skus, options, tail, learnProfile);
    perSeed.push([seed, points]);
    all.push(...points);
  }
  const seconds = (Date.now() - started) / 1000;
  console.log(`cold start: seeds ${seeds.join(', ')}, ${newCount} new products and ${skus} catalog SKUs per seed, options ${JSON.stringify(options)}, tail ${tail}, ${seconds.toFixed(1)} s`);
  console.log('');
  console.log('| set | points | WAPE % | bias % | cov p50 | cov p90 | cov p95 | cov p99 | 4-wk p50 | 4-wk p90 | 4-wk p95 | 4-wk p99 | pinball % | p95 / mean |');
  console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const sets: [string, Point[]][] = [];
  for (const [seed, points] of perSeed) {
    if (perSeed.length > 1) sets.push([`seed ${seed}, weeks 1–12`, points]);
  }
  for (let k = 1; k <= LIFE; k++) sets.push([`week ${k}`, all.filter((p) => p.life === k)]);
  sets.push(['weeks 1–4', all.filter((p) => p.life <= 4)], ['weeks 5–12', all.filter((p) => p.life > 4)], ['weeks 1–12', all]);
  if (byPattern) for (const pattern of [...new Set(all.map((p) => p.pattern))].sort()) sets.push([`pattern ${pattern}`, all.filter((p) => p.pattern === pattern)]);
  for (const [label, points] of sets) console.log(row(label, points));
}

main();
