/**
 * Service-level bench: does the reorder policy deliver the cycle service level it promises?
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/service-level/run.js [--forecast true|rolling|engine|engine-weekly]
 *       [--skus 300] [--seed 42] [--methods normal,calibrated] [--cycle-stock-weeks 4]
 *       [--engine-step-correlation 0.05] [--fill-rate-target 0.99] [--json out.json]
 *       [--lead-time-cvs 0.1,0.25,0.4] [--deliveries independent|in-order] [--policy-deliveries independent|in-order]
 *       [--families gamma,intermittent]
 *
 * Every SKU of the simulated catalogue (demand-scenarios.ts) is run with every class target
 * (A 0.99, B 0.95, C 0.90), nightly (R = 1) and weekly (R = 7) review, for 3 years (156 weeks)
 * after a 13-week warm-up, with each method of src/reorder/policy.ts. With weekly review there is
 * one more configuration, 'normal-R-ignored': the textbook formula told R = 1 (the review period
 * left out, as in the original plan).
 *
 * --lead-time-cvs runs the variable-lead-time half of the catalogue once per lead-time CV (the
 * fixed half once); each CV gets its own subset 'variable-lead cv 0.25' etc. --deliveries in-order
 * makes the supplier deliver in the order the orders were placed (no crossing); the policy is told
 * the truth unless --policy-deliveries says otherwise.
 *
 * Reported per group: achieved cycle service level (stockout-free cycles / cycles, pooled over
 * SKUs; a cycle = the interval between consecutive order arrivals), fill rate (mean over SKUs of
 * the share of demand served from stock), average on-hand stock in days of true mean demand
 * (mean over SKUs).
 */
import { writeFileSync } from 'node:fs';
import { DEFAULT_SERVICE_LEVELS, ReorderMethod, WeeklyDemandForecast } from '../../src/reorder/policy';
import { AbcClass } from '../../src/reorder/abc';
import { forecastSku, isInsufficientHistory } from '../../src/forecast/engine';
import { CalibrationTable, DEFAULT_CALIBRATION } from '../../src/forecast/calibration';
import { dailyDemandSeries, DEFAULT_LEAD_TIME_CV, DemandFamily, simulatedCatalogue, SimulatedSku } from './demand-scenarios';
import { ForecastSource, rollingForecast, trueForecast, weeklyForecastTable, WeeklyForecaster } from './forecast-inputs';
import { Deliveries, simulateSkuPolicy, SkuOutcome } from './simulate-sku';
import { GroupResult, summaryTable } from './summary';

const HISTORY_DAYS = 104 * 7;
const WARMUP_DAYS = 13 * 7;
const MEASURED_DAYS = 156 * 7;
const CLASSES: AbcClass[] = ['A', 'B', 'C'];
const REVIEW_PERIODS = [1, 7];

type Variant = ReorderMethod | 'normal-R-ignored';

const SUBSETS = ['all', 'gamma', 'intermittent', 'fixed-lead', 'variable-lead', 'lead 5-15', 'lead 16-30', 'lead 31-45', 'daily CV < 1', 'daily CV >= 1'] as const;

/** Subset of the variable-lead-time SKUs run with lead-time sd = cv × mean lead time. */
function leadTimeCvSubset(cv: number): string {
  return `variable-lead cv ${cv}`;
}

function subsetsOf(sku: SimulatedSku): string[] {
  const lead = sku.leadTimeDays <= 15 ? 'lead 5-15' : sku.leadTimeDays <= 30 ? 'lead 16-30' : 'lead 31-45';
  const variable = sku.leadTimeSdDays > 0 ? ['variable-lead', leadTimeCvSubset(Math.round((1000 * sku.leadTimeSdDays) / sku.leadTimeDays) / 1000)] : ['fixed-lead'];
  return ['all', sku.family, ...variable, lead, sku.sdPerDay / sku.meanPerDay < 1 ? 'daily CV < 1' : 'daily CV >= 1'];
}

/** P(K ≥ k) for K ~ Binomial(n, p): how surprising k stockout cycles are if the SKU met its target. */
function binomialUpperTail(k: number, n: number, p: number): number {
  if (k <= 0) return 1;
  let logTerm = n * Math.log(1 - p); // log P(K = 0)
  let tail = 0;
  for (let i = 0; i <= n; i++) {
    if (i >= k) tail += Math.exp(logTerm);
    logTerm += Math.log((n - i) / (i + 1)) + Math.log(p / (1 - p));
  }
  return Math.min(1, tail);
}

interface Options {
  forecast: ForecastSource;
  skus: number;
  seed: number;
  methods: Variant[];
  json: string | null;
  cycleStockWeeks: number;
  /** Overrides the forecast engine's assumed step-error correlation (every pattern). */
  engineStepCorrelation: number | null;
  /** Fill-rate target passed to the policy besides the class's cycle service level. */
  fillRateTarget: number | null;
  /** Lead-time CVs of the variable-lead-time SKUs, one pass each (fixed-lead SKUs run once). */
  leadTimeCvs: number[];
  deliveries: Deliveries;
  /** What the policy is told about the deliveries; null: the truth. */
  policyDeliveries: Deliveries | null;
  families: DemandFamily[];
}

function parseOptions(argv: string[]): Options {
  const options: Options = { forecast: 'true', skus: 300, seed: 42, methods: ['normal', 'normal-R-ignored', 'calibrated'], json: null, cycleStockWeeks: 4, engineStepCorrelation: null, fillRateTarget: null, leadTimeCvs: [DEFAULT_LEAD_TIME_CV], deliveries: 'independent', policyDeliveries: null, families: ['gamma', 'intermittent'] };
  for (let i = 0; i < argv.length; i += 2) {
    const [flag, value] = [argv[i], argv[i + 1]];
    if (value === undefined) throw new Error(`missing value for ${flag}`);
    if (flag === '--forecast') options.forecast = value as ForecastSource;
    else if (flag === '--skus') options.skus = Number(value);
    else if (flag === '--seed') options.seed = Number(value);
    else if (flag === '--methods') options.methods = value.split(',') as Variant[];
    else if (flag === '--json') options.json = value;
    else if (flag === '--cycle-stock-weeks') options.cycleStockWeeks = Number(value);
    else if (flag === '--engine-step-correlation') options.engineStepCorrelation = Number(value);
    else if (flag === '--fill-rate-target') options.fillRateTarget = Number(value);
    else if (flag === '--lead-time-cvs') options.leadTimeCvs = value.split(',').map(Number);
    else if (flag === '--deliveries') options.deliveries = value as Deliveries;
    else if (flag === '--policy-deliveries') options.policyDeliveries = value as Deliveries;
    else if (flag === '--families') options.families = value.split(',') as DemandFamily[];
    else throw new Error(`unknown option ${flag}`);
  }
  if (!['true', 'rolling', 'engine', 'engine-weekly'].includes(options.forecast)) throw new Error(`--forecast must be true, rolling, engine or engine-weekly`);
  if (!options.leadTimeCvs.every((cv) => cv > 0 && cv < 2)) throw new Error('--lead-time-cvs must be numbers in (0, 2)');
  if (![options.deliveries, options.policyDeliveries ?? 'in-order'].every((d) => d === 'independent' || d === 'in-order')) throw new Error('--deliveries and --policy-deliveries must be independent or in-order');
  if (!options.families.every((f) => f === 'gamma' || f === 'intermittent')) throw new Error('--families must list gamma and/or intermittent');
  return options;
}

interface GroupTotals {
  cycles: number;
  stockoutCycles: number;
  skuRuns: number;
  fillRateSum: number;
  inventoryDaysSum: number;
  skusSignificantlyBelow: number;
}

function emptyTotals(): GroupTotals {
  return { cycles: 0, stockoutCycles: 0, skuRuns: 0, fillRateSum: 0, inventoryDaysSum: 0, skusSignificantlyBelow: 0 };
}

function addOutcome(totals: GroupTotals, outcome: SkuOutcome, meanPerDay: number, target: number): void {
  totals.cycles += outcome.cycles;
  totals.stockoutCycles += outcome.stockoutCycles;
  totals.skuRuns++;
  totals.fillRateSum += outcome.demandUnits > 0 ? outcome.filledUnits / outcome.demandUnits : 1;
  totals.inventoryDaysSum += outcome.onHandUnitDays / outcome.days / meanPerDay;
  // Below its target beyond chance (one-sided binomial test at 1 %): ≈1 % of SKUs by luck alone.
  if (binomialUpperTail(outcome.stockoutCycles, outcome.cycles, 1 - target) < 0.01) totals.skusSignificantlyBelow++;
}

async function loadForecaster(options: Options): Promise<WeeklyForecaster | null> {
  const source = options.forecast;
  if (source === 'true') return null;
  if (source === 'rolling') return rollingForecast;
  const withTotalSd = source === 'engine';
  const correlation = options.engineStepCorrelation;
  const calibration: CalibrationTable | undefined =
    correlation === null
      ? undefined
      : (Object.fromEntries(Object.entries(DEFAULT_CALIBRATION).map(([pattern, c]) => [pattern, { ...c, stepCorrelation: correlation }])) as CalibrationTable);
  return (weeklyHistory) => {
    const result = forecastSku(weeklyHistory, { horizon: 4, season: 52, calibration });
    if (isInsufficientHistory(result)) throw new Error('insufficient history in the bench');
    return { meanPerWeek: result.mean, sdPerWeek: result.sd, totalSd: withTotalSd ? result.total.sd : null };
  };
}

async function main(): Promise<void> {
  const options = parseOptions(process.argv.slice(2));
  const started = process.hrtime.bigint();
  const catalogue = simulatedCatalogue(options.skus, 1 / 3, options.seed);
  const forecaster = await loadForecaster(options);
  const groups = new Map<string, GroupTotals>();
  const groupOf = (key: string) => {
    let totals = groups.get(key);
    if (!totals) groups.set(key, (totals = emptyTotals()));
    return totals;
  };
  const endDay = HISTORY_DAYS + WARMUP_DAYS + MEASURED_DAYS;
  const standardized: Record<DemandFamily, { week1: number[]; total: number[] }> = { gamma: { week1: [], total: [] }, intermittent: { week1: [], total: [] } };

  for (const baseSku of catalogue) {
    if (!options.families.includes(baseSku.family)) continue;
    const demand = dailyDemandSeries(baseSku, endDay, options.seed);
    const constant = trueForecast(baseSku);
    const table = forecaster ? weeklyForecastTable(demand, HISTORY_DAYS, endDay, forecaster) : null;
    const forecastAt: (day: number) => WeeklyDemandForecast = table ? (day) => table.at(day) : () => constant;
    // The same SKU (same demand, same forecasts) once per lead-time CV; a fixed lead time once.
    const variants = baseSku.leadTimeSdDays > 0 ? options.leadTimeCvs.map((cv) => ({ ...baseSku, leadTimeSdDays: cv * baseSku.leadTimeDays })) : [baseSku];
    for (const sku of variants) {
      for (const variant of options.methods) {
        for (const reviewPeriodDays of REVIEW_PERIODS) {
          if (variant === 'normal-R-ignored' && reviewPeriodDays === 1) continue;
          for (const abcClass of CLASSES) {
            const target = DEFAULT_SERVICE_LEVELS[abcClass];
            const outcome = simulateSkuPolicy({
              sku,
              demand,
              startDay: HISTORY_DAYS,
              warmupDays: WARMUP_DAYS,
              measuredDays: MEASURED_DAYS,
              reviewPeriodDays,
              policyReviewPeriodDays: variant === 'normal-R-ignored' ? 1 : reviewPeriodDays,
              serviceLevel: target,
              method: variant === 'normal-R-ignored' ? 'normal' : variant,
              forecastAt,
              lotSizeUnits: sku.family === 'intermittent' ? 1 : 0,
              cycleStockWeeks: options.cycleStockWeeks,
              fillRateTarget: options.fillRateTarget,
              deliveries: options.deliveries,
              policyDeliveries: options.policyDeliveries ?? options.deliveries,
              seed: options.seed,
            });
            const base = `${variant}|R=${reviewPeriodDays}|${abcClass}`;
            for (const subset of subsetsOf(sku)) addOutcome(groupOf(`${base}|${subset}`), outcome, sku.meanPerDay, target);
          }
        }
      }
    }
    if (table) {
      const errors = table.standardizedErrors();
      standardized[baseSku.family].week1.push(...errors.week1);
      standardized[baseSku.family].total.push(...errors.total);
    }
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  report(options, groups, catalogue.length, seconds, standardized);
}

function pct(x: number, digits = 1): string {
  return (100 * x).toFixed(digits);
}

function rms(values: number[]): number {
  return Math.sqrt(values.reduce((a, b) => a + b * b, 0) / Math.max(1, values.length));
}

function report(options: Options, groups: Map<string, GroupTotals>, skuCount: number, seconds: number, standardized: Record<DemandFamily, { week1: number[]; total: number[] }>): void {
  const subsets = [...SUBSETS.slice(0, 5), ...options.leadTimeCvs.map(leadTimeCvSubset), ...SUBSETS.slice(5)];
  const lines: string[] = [];
  lines.push(
    `forecast input: ${options.forecast}${options.engineStepCorrelation === null ? '' : ` (step correlation ${options.engineStepCorrelation})`}; ${skuCount} SKUs; seed ${options.seed}; cycle stock ${options.cycleStockWeeks} weeks;${options.fillRateTarget === null ? '' : ` fill-rate target ${options.fillRateTarget};`} lead-time CV ${options.leadTimeCvs.join(', ')} (variable half); deliveries ${options.deliveries}${options.policyDeliveries && options.policyDeliveries !== options.deliveries ? ` (policy told ${options.policyDeliveries})` : ''}; families ${options.families.join(', ')}; ${MEASURED_DAYS / 7} weeks measured after ${WARMUP_DAYS / 7} weeks warm-up; ${seconds.toFixed(1)} s`,
  );
  for (const family of ['gamma', 'intermittent'] as const) {
    const { week1, total } = standardized[family];
    if (week1.length > 0) lines.push(`forecast calibration, ${family}: rms standardized error week 1 = ${rms(week1).toFixed(3)}, 4-week total = ${rms(total).toFixed(3)} (1 = calibrated; n = ${week1.length})`);
  }
  lines.push('');
  lines.push('| method | review | class | target CSL % | subset | achieved CSL % | Δ points | fill rate % | on hand, days of demand | cycles | SKUs significantly below |');
  lines.push('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
  const json: GroupResult[] = [];
  for (const variant of options.methods) {
    for (const reviewPeriodDays of REVIEW_PERIODS) {
      for (const family of subsets) {
        for (const abcClass of CLASSES) {
          const totals = groups.get(`${variant}|R=${reviewPeriodDays}|${abcClass}|${family}`);
          if (!totals) continue;
          const target = DEFAULT_SERVICE_LEVELS[abcClass];
          const achieved = totals.cycles > 0 ? 1 - totals.stockoutCycles / totals.cycles : 1;
          const fillRate = totals.fillRateSum / totals.skuRuns;
          const inventoryDays = totals.inventoryDaysSum / totals.skuRuns;
          lines.push(
            `| ${variant} | ${reviewPeriodDays === 1 ? 'nightly' : 'weekly'} | ${abcClass} | ${pct(target, 0)} | ${family} | ${pct(achieved)} | ${(100 * (achieved - target)).toFixed(1)} | ${pct(fillRate)} | ${inventoryDays.toFixed(1)} | ${totals.cycles} | ${totals.skusSignificantlyBelow}/${totals.skuRuns} |`,
          );
          json.push({ variant, reviewPeriodDays, abcClass, subset: family, target, achieved, fillRate, inventoryDays, cycles: totals.cycles, skuRuns: totals.skuRuns, skusSignificantlyBelow: totals.skusSignificantlyBelow });
        }
      }
    }
  }
  const summarySubsets = ['all', 'gamma', 'intermittent', 'fixed-lead', ...options.leadTimeCvs.map(leadTimeCvSubset)].filter((subset) => json.some((g) => g.subset === subset));
  const summaries = summarySubsets.map((subset) => `${subset === 'all' ? 'All SKUs' : `${subset} SKUs`}:\n\n${summaryTable(json, subset)}`);
  console.log([lines[0], ...lines.slice(1).filter((line) => line.startsWith('forecast calibration')), '', ...summaries.flatMap((s) => [s, '']), 'Detail:', '', ...lines.slice(1).filter((line) => !line.startsWith('forecast calibration'))].join('\n'));
  if (options.json) writeFileSync(options.json, JSON.stringify({ options, seconds, groups: json }, null, 2));
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
