/**
 * Scores forecast CSVs (`series_id,model,step,forecast[,actual],p50,p90,p95,p99`, as written by the
 * backtest CLI's --out or by r-ets.R) against the held-out tail of a data CSV, with the same
 * metrics as the CLI. With --by-pattern the series ids' suffix after ':' (weekly-data.ts puts the
 * generator's pattern there) splits the table per pattern.
 *
 *   node dist/bench/accuracy/score.js [--data DIR] --input DATA.csv --horizon H --season M [--by-pattern] [--skip-groups new] [--common] [--json] FORECASTS.csv...
 *
 * A bare data file name is read from `--data DIR` (default: the repository's bench/data) unless the
 * working directory has it; forecast files are read as given.
 */
import { readFileSync } from 'node:fs';
import { holdoutSplit } from '../../src/forecast/backtest/backtest';
import { MetricsAccumulator, MetricsRow } from '../../src/forecast/metrics-summary';
import { readSeriesCsv } from '../../src/forecast/backtest/series-csv';
import { inputArguments } from '../support/public-data';

interface Parsed {
  input: string;
  horizon: number;
  season: number;
  byPattern: boolean;
  json: boolean;
  files: string[];
  /** Groups (patterns) left out of the tables and of "all", e.g. `new` (insufficient history). */
  skipGroups: string[];
  common: boolean;
}

function parse(argv: string[]): Parsed {
  const p: Parsed = { input: '', horizon: 0, season: 1, byPattern: false, json: false, files: [], skipGroups: [], common: false };
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    if (a === '--input') p.input = argv[++i];
    else if (a === '--horizon') p.horizon = Number(argv[++i]);
    else if (a === '--season') p.season = Number(argv[++i]);
    else if (a === '--by-pattern') p.byPattern = true;
    else if (a === '--json') p.json = true;
    else if (a === '--skip-groups') p.skipGroups = argv[++i].split(',');
    else if (a === '--common') p.common = true;
    else p.files.push(a);
  }
  return p;
}

interface Row { forecast: number; p50?: number; p90?: number; p95?: number; p99?: number }

function readForecasts(path: string): Map<string, Map<string, Row[]>> {
  const lines = readFileSync(path, 'utf8').trim().split('\n');
  const header = lines[0].split(',');
  const col = (name: string) => header.indexOf(name);
  const [iId, iModel, iStep, iF, i50, i90, i95, i99] = ['series_id', 'model', 'step', 'forecast', 'p50', 'p90', 'p95', 'p99'].map(col);
  const byModel = new Map<string, Map<string, Row[]>>();
  for (const line of lines.slice(1)) {
    const c = line.split(',');
    const num = (k: number) => (k >= 0 && c[k] !== '' && c[k] !== 'NA' ? Number(c[k]) : undefined);
    const model = c[iModel];
    if (!byModel.has(model)) byModel.set(model, new Map());
    const series = byModel.get(model)!;
    if (!series.has(c[iId])) series.set(c[iId], []);
    series.get(c[iId])![Number(c[iStep]) - 1] = { forecast: Number(c[iF]), p50: num(i50), p90: num(i90), p95: num(i95), p99: num(i99) };
  }
  return byModel;
}

async function main(): Promise<void> {
  const args = parse(inputArguments(process.argv.slice(2)));
  const series = await readSeriesCsv(args.input);
  const results: { model: string; group: string; metrics: MetricsRow }[] = [];
  const all = args.files.flatMap((file) => [...readForecasts(file)]);
  // --common: only the series every model forecast (so the rows compare like with like).
  const common = (id: string) => !args.common || all.every(([, forecasts]) => (forecasts.get(id)?.length ?? 0) === args.horizon);
  {
    for (const [model, forecasts] of all) {
      const groups = new Map<string, MetricsAccumulator>();
      for (const s of series) {
        const rows = forecasts.get(s.id);
        const split = holdoutSplit(s.values, args.horizon);
        if (!rows || !split || rows.length !== args.horizon || !common(s.id)) continue;
        const pattern = s.id.split(':')[1] ?? '';
        if (args.skipGroups.includes(pattern)) continue;
        const group = args.byPattern ? pattern || 'all' : 'all';
        for (const g of args.byPattern ? [group, 'all'] : ['all']) {
          if (!groups.has(g)) groups.set(g, new MetricsAccumulator(args.season));
          const hasQ = rows.every((r) => r.p90 !== undefined && Number.isFinite(r.p90));
          // R's intervals can go below 0 for demand; the quantile of demand cannot.
          const q = (k: 'p50' | 'p90' | 'p95' | 'p99') => rows.map((r) => Math.max(0, r[k] ?? r.forecast));
          groups.get(g)!.add({
            train: split.train,
            actual: split.actual,
            forecast: rows.map((r) => r.forecast),
            quantiles: hasQ ? { p50: q('p50'), p90: q('p90'), p95: q('p95'), p99: q('p99') } : undefined,
          });
        }
      }
      for (const [group, acc] of groups) results.push({ model, group, metrics: acc.summary() });
    }
  }
  results.sort((a, b) => a.group.localeCompare(b.group) || a.model.localeCompare(b.model));
  if (args.json) {
    process.stdout.write(JSON.stringify(results, null, 2) + '\n');
    return;
  }
  const f = (v: number | null, d: number) => (v === null ? '-' : v.toFixed(d));
  const pct = (v: number | null) => (v === null ? '-' : (100 * v).toFixed(1));
  process.stdout.write('group         model            series  sMAPE%   WAPE%    MASE   RMSSE   bias%  pinball  cov90  cov95  cov99\n');
  for (const r of results) {
    const m = r.metrics;
    process.stdout.write(`${r.group.padEnd(13)} ${r.model.padEnd(16)} ${String(m.series).padStart(6)} ${f(m.smapePercent, 2).padStart(7)} ${f(m.wapePercent, 2).padStart(7)} ${f(m.mase, 3).padStart(7)} ${f(m.rmsse, 3).padStart(7)} ${f(m.biasPercent, 2).padStart(7)} ${f(m.scaledPinball, 3).padStart(8)} ${pct(m.coverageP90).padStart(6)} ${pct(m.coverageP95).padStart(6)} ${pct(m.coverageP99).padStart(6)}\n`);
  }
}

void main();
