/**
 * Offline study of combination rules over member forecasts dumped by member-forecasts.ts.
 *   node dist/bench/accuracy/combination-study.js --season 12 FILE.json [FILE.json ...]
 *   SUBSETS=a,b,c …   every subset (≥ 2) of the members, power and prior strength fitted on validation
 *   EQUAL=a,b,c …     every subset's equal-weight mean (and median from 3 members)
 * Files are merged by series id (their models side by side; the fewest validation origins win).
 * Every rule is scored on the validation windows (leave-one-window-out where it uses per-series
 * errors: "val", the pooled scaled absolute error fitSelection minimises) and on the test, so a rule
 * can be chosen on validation and its test score read once. Experiments, not part of the service.
 */
import { readFileSync } from 'node:fs';
import { mase, smape } from '../../src/forecast/metrics';
import { classifyDemandPattern } from '../../src/forecast/models/demand-pattern';
import { DEMAND_PATTERNS, fitSelection, memberErrors, patternErrors, ruleValidationError, ruleWeights, SkuValidation, validationScale, CombinationRule, describeSelection } from '../../src/forecast/member-selection';

interface Dumped { id: string; train: number[]; actual: number[]; origins: { origin: number; length: number }[]; models: Record<string, { test: number[] | null; validation: (number[] | null)[] }> }

interface Study {
  id: string;
  train: number[];
  actual: number[];
  test: Record<string, number[] | null>;
  validation: SkuValidation;
  /** validation windows' training parts (for sMAPE-style / scale use) */
}

function load(files: string[]): Study[] {
  const byId = new Map<string, Dumped>();
  for (const f of files) {
    const data = JSON.parse(readFileSync(f, 'utf8')) as { horizon: number; series: Dumped[] };
    HORIZON = data.horizon;
    for (const s of data.series) {
      const prior = byId.get(s.id);
      if (prior && s.origins.length < prior.origins.length) prior.origins = s.origins;
      if (prior) Object.assign(prior.models, s.models);
      else byId.set(s.id, s);
    }
  }
  return [...byId.values()].map((s) => {
    const earliest = s.origins.length > 0 ? s.origins[s.origins.length - 1].origin : s.train.length;
    const names = Object.keys(s.models);
    const windows = s.origins.map((o, k) => ({
      actual: s.train.slice(o.origin, o.origin + o.length),
      forecasts: Object.fromEntries(names.map((m) => { const f = s.models[m].validation[k]; return [m, f && f.length === o.length ? f : null]; })),
    }));
    return {
      id: s.id,
      train: s.train,
      actual: s.actual,
      test: Object.fromEntries(names.map((m) => [m, s.models[m].test])),
      validation: { pattern: classifyDemandPattern(s.train).pattern, scale: validationScale(s.train.slice(0, earliest), SEASON), windows },
    };
  });
}

let SEASON = 12;
let HORIZON = 18;

export function score(series: readonly Study[], forecast: (s: Study) => number[] | null): { smape: number; mase: number; n: number } {
  let sm = 0, ma = 0, n = 0, nm = 0;
  for (const s of series) {
    const f = forecast(s);
    if (!f) continue;
    const clean = f.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
    sm += smape(s.actual, clean);
    n++;
    const m = mase(s.actual, clean, s.train, SEASON);
    if (m !== null) { ma += m; nm++; }
  }
  return { smape: sm / n, mase: ma / nm, n };
}

function combine(forecasts: Record<string, number[] | null>, weights: Record<string, number>): number[] | null {
  let out: number[] | null = null;
  let total = 0;
  for (const [m, w] of Object.entries(weights)) {
    const f = forecasts[m];
    if (!f || !(w > 0)) continue;
    if (!out) out = new Array<number>(f.length).fill(0);
    for (let i = 0; i < f.length; i++) out[i] += w * f[i];
    total += w;
  }
  return out && total > 0 ? out.map((v) => v / total) : null;
}

export function median(values: number[]): number {
  const v = [...values].sort((a, b) => a - b);
  const mid = Math.floor(v.length / 2);
  return v.length % 2 ? v[mid] : (v[mid - 1] + v[mid]) / 2;
}

function stepwise(forecasts: Record<string, number[] | null>, members: string[], f: (v: number[]) => number): number[] | null {
  const fs = members.map((m) => forecasts[m]).filter((x): x is number[] => !!x);
  if (fs.length === 0) return null;
  return fs[0].map((_, i) => f(fs.map((x) => x[i])));
}

function fmt(r: { smape: number; mase: number }): string {
  return `sMAPE ${r.smape.toFixed(3)}  MASE ${r.mase.toFixed(4)}`;
}

/** LOWO validation score of a rule applied per series (scaled MAE, as fitSelection, and sMAPE). */
function validationScore(series: readonly Study[], forecastAt: (s: Study, k: number) => number[] | null): { smape: number; mae: number } {
  let sm = 0, ma = 0, n = 0;
  for (const s of series) {
    s.validation.windows.forEach((w, k) => {
      const f = forecastAt(s, k);
      if (!f) return;
      const c = f.map((v) => (v > 0 ? v : 0));
      sm += smape(w.actual, c);
      let e = 0;
      for (let i = 0; i < c.length; i++) e += Math.abs(c[i] - w.actual[i]);
      ma += e / c.length / s.validation.scale;
      n++;
    });
  }
  return { smape: sm / n, mae: ma / n };
}

/** Best grid point (power, strength) for a fixed member set, per pattern, by LOWO validation. */
function fitSelectionFixed(series: readonly Study[], set: string[], horizon: number) {
  const validations = series.map((s) => s.validation);
  const rules = new Map<string, { rule: CombinationRule; errors: Record<string, number> }>();
  for (const pattern of DEMAND_PATTERNS) {
    const group = validations.filter((v) => v.pattern === pattern);
    if (group.length === 0) continue;
    const prior = patternErrors(group, set);
    let best: { rule: CombinationRule; e: number } | null = null;
    for (const power of [0, 1, 2, 3]) {
      for (const s of power === 0 ? [Infinity] : [0, 1, 3, 6, Infinity]) {
        const rule = { members: set, power, strength: s * horizon };
        const e = ruleValidationError(rule, group, set, prior);
        if (!best || e < best.e) best = { rule, e };
      }
    }
    rules.set(pattern, { rule: best!.rule, errors: prior });
  }
  const f = (s: Study, leave: number) => {
    const r = rules.get(s.validation.pattern);
    if (!r) return null;
    return ruleWeights(r.rule, memberErrors(s.validation, set, leave), r.errors);
  };
  return Object.assign(f, { describe: [...rules].map(([p, r]) => `${p}:q${r.rule.power}/s${r.rule.strength}`).join(' ') });
}

function main(): void {
  const argv = process.argv.slice(2);
  const files: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    if (argv[i] === '--season') SEASON = Number(argv[++i]);
    else files.push(argv[i]);
  }
  const series = load(files);
  const models = Object.keys(series[0].test);
  console.log(`${series.length} series, models ${models.join(', ')}`);
  const patterns: Record<string, number> = {};
  for (const s of series) patterns[s.validation.pattern] = (patterns[s.validation.pattern] ?? 0) + 1;
  console.log('patterns', patterns);
  for (const m of models) {
    const v = validationScore(series, (s, k) => s.validation.windows[k].forecasts[m]);
    console.log(`${m.padEnd(16)} test ${fmt(score(series, (s) => s.test[m]))}   validation sMAPE ${v.smape.toFixed(3)} sMAE ${v.mae.toFixed(4)}`);
  }
  const run = (label: string, candidates: string[]) => {
    const table = fitSelection(series.map((s) => s.validation), () => candidates, HORIZON, undefined, undefined, ['global-tree']);
    const point = (s: Study, own: boolean, leave = -1) => {
      const sel = table[s.validation.pattern];
      if (!sel) return null;
      const rule: CombinationRule = sel.rule;
      const needsOwn = rule.members.length > 1 && rule.power > 0 && rule.strength !== Infinity;
      return ruleWeights(rule, needsOwn && own ? memberErrors(s.validation, rule.members, leave) : {}, sel.errors);
    };
    const r = score(series, (s) => { const w = point(s, true); return w ? combine(s.test, w) : null; });
    const v = validationScore(series, (s, k) => { const w = point(s, true, k); return w ? combine(s.validation.windows[k].forecasts, w) : null; });
    console.log(`${label.padEnd(40)} test ${fmt(r)}  val sMAPE ${v.smape.toFixed(3)} sMAE ${v.mae.toFixed(4)}   ${describeSelection(table)}`);
  };
  if (models.includes('global-tree')) run('current (ets, theta, tree)', ['ets', 'theta', 'global-tree']);
  if (process.env.EQUAL) {
    const pool = process.env.EQUAL.split(',');
    const rows: string[] = [];
    for (let mask = 1; mask < 1 << pool.length; mask++) {
      const set = pool.filter((_, i) => mask & (1 << i));
      if (set.length < 2) continue;
      const eqW = Object.fromEntries(set.map((m) => [m, 1]));
      const t1 = score(series, (s) => combine(s.test, eqW));
      const v1 = validationScore(series, (s, k) => combine(s.validation.windows[k].forecasts, eqW));
      rows.push(`${v1.mae.toFixed(4)} ${v1.smape.toFixed(3)} | test ${t1.smape.toFixed(3)} ${t1.mase.toFixed(4)}  mean   ${set.join('+')}`);
      if (set.length >= 3) {
        const t2 = score(series, (s) => stepwise(s.test, set, median));
        const v2 = validationScore(series, (s, k) => stepwise(s.validation.windows[k].forecasts, set, median));
        rows.push(`${v2.mae.toFixed(4)} ${v2.smape.toFixed(3)} | test ${t2.smape.toFixed(3)} ${t2.mase.toFixed(4)}  median ${set.join('+')}`);
      }
    }
    rows.sort();
    console.log(rows.join('\n'));
    return;
  }
  if (process.env.SUBSETS) {
    const pool = process.env.SUBSETS.split(',');
    const rows: string[] = [];
    for (let mask = 1; mask < 1 << pool.length; mask++) {
      const set = pool.filter((_, i) => mask & (1 << i));
      if (set.length < 2) continue;
      // the member set fixed, its power and prior strength chosen on validation
      const forced = fitSelectionFixed(series, set, HORIZON);
      const test = score(series, (s) => { const x = forced(s, -1); return x ? combine(s.test, x) : null; });
      const val = validationScore(series, (s, k) => { const x = forced(s, k); return x ? combine(s.validation.windows[k].forecasts, x) : null; });
      rows.push(`${val.mae.toFixed(4)} ${val.smape.toFixed(3)} | test ${test.smape.toFixed(3)} ${test.mase.toFixed(4)}  ${set.join('+')} ${forced.describe}`);
    }
    rows.sort();
    console.log(rows.join('\n'));
    return;
  }
  run('ets, theta', ['ets', 'theta']);
  run('all local', models.filter((m) => m !== 'global-tree' && m !== 'seasonal-naive'));
  run('all', models.filter((m) => m !== 'seasonal-naive'));
  for (const set of [models.filter((m) => m !== 'seasonal-naive'), ['ets', 'theta', 'dotm', 'global-tree'], ['ets', 'theta', 'dotm', 'damped', 'global-tree']]) {
    if (!set.every((m) => models.includes(m))) continue;
    const eq = score(series, (s) => combine(s.test, Object.fromEntries(set.map((m) => [m, 1]))));
    const md = score(series, (s) => stepwise(s.test, set, median));
    const vEq = validationScore(series, (s, k) => combine(s.validation.windows[k].forecasts, Object.fromEntries(set.map((m) => [m, 1]))));
    const vMd = validationScore(series, (s, k) => stepwise(s.validation.windows[k].forecasts, set, median));
    console.log(`mean   ${set.join('+').padEnd(40)} test ${fmt(eq)} val sMAPE ${vEq.smape.toFixed(3)} sMAE ${vEq.mae.toFixed(4)}`);
    console.log(`median ${set.join('+').padEnd(40)} test ${fmt(md)} val sMAPE ${vMd.smape.toFixed(3)} sMAE ${vMd.mae.toFixed(4)}`);
  }
}

main();
