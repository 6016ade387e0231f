/**
 * A realistic, deterministic demo catalog: suppliers, items and weekly usage for `npm run cli --
 * demo` and for benchmarks of the nightly cycle. Pure: the same options give the same catalog.
 *
 * What makes it realistic:
 * - 8 suppliers with lead times from 5 to 45 days, some of them variable.
 * - Annual values (unit cost × yearly demand) follow a log-normal ladder: for a log-normal the
 *   top share p of items holds 1 − Φ(Φ⁻¹(1 − p) − σ) of the value, so σ = 1.68 gives the top 20 %
 *   80 % and the top 50 % 95 % — the 20/30/50 % ABC split (Pareto's 80/20). New and discontinued
 *   items realise less than their rung over the last year, which shrinks B; σ = 1.64 measured
 *   about 20/26/54 % (seeds 1, 7, 42; 500 to 10,000 SKUs).
 * - Demand patterns in the Syntetos–Boylan sense (ADI cut-off 1.32, CV² of non-zero sizes 0.49):
 *   45 % smooth (trend, yearly seasonality, gamma noise), 15 % erratic, 20 % intermittent,
 *   10 % lumpy, 5 % new products (< 12 weeks of history), 5 % discontinued (inactive, demand
 *   that stops).
 * - Stock on hand mostly comfortable, about one item in ten already below its lead-time demand.
 *
 * Every week from an item's first week to `endWeekStart` has a usage row, zero weeks included,
 * so the number of rows is the length of the item's history. Each item draws from its own
 * PRNG stream (seed, item number), so items can be generated one at a time (generateDemoItems)
 * without holding the whole usage table in memory.
 */
import {
  mixSeed,
  sampleGammaMeanCv,
  sampleInt,
  sampleNegativeBinomial,
  sampleLogNormal,
  sampleOne,
  samplePoisson,
  sampleUniform,
  shuffleInPlace,
  Uniform,
  xoshiro128ss,
} from '../common/prng';
import type { ItemRow, UsageRow } from './import-rows';
import { epochDay } from '../common/iso-date';
import { addWeeks, isIsoWeekStart } from '../common/iso-week';
import { inverseNormalCdf } from '../common/normal';

export type DemoPattern = 'smooth' | 'erratic' | 'intermittent' | 'lumpy' | 'new' | 'discontinued';

/** Share of SKUs per pattern (sums to 1). */
export const DEMO_PATTERN_SHARES: Readonly<Record<DemoPattern, number>> = {
  smooth: 0.45,
  erratic: 0.15,
  intermittent: 0.2,
  lumpy: 0.1,
  new: 0.05,
  discontinued: 0.05,
};

export interface DemoSupplier {
  name: string;
  contactEmail: string;
  defaultLeadTimeDays: number;
  /** Standard deviation of the lead time, days, as a decimal string for `numeric`. */
  leadTimeStdDays: string;
  /** Days between order opportunities (1: orders taken daily, 7: weekly). */
  reviewPeriodDays: number;
}

/** An item in the shape the import produces (ItemRow), plus the pattern it was generated with. */
export interface DemoItem extends ItemRow {
  leadTimeDays: number;
  leadTimeStdDays: string;
  supplierName: string;
  pattern: DemoPattern;
}

export interface DemoCatalogOptions {
  skus: number;
  weeks: number;
  seed: number;
  /** The Monday ('YYYY-MM-DD') of the last generated week. */
  endWeekStart: string;
}

export interface DemoCatalog {
  suppliers: DemoSupplier[];
  items: DemoItem[];
  usage: UsageRow[];
}

interface SupplierProfile extends DemoSupplier {
  /** Items measured in kg or litres: fractional quantities. */
  bulk: boolean;
  products: readonly string[];
  variants: readonly string[];
  /** Relative number of SKUs from this supplier. */
  weight: number;
}

const SUPPLIERS: readonly SupplierProfile[] = [
  {
    name: 'Acme Industrial Supply',
    contactEmail: 'orders@acme-industrial.example',
    defaultLeadTimeDays: 5,
    leadTimeStdDays: '0',
    reviewPeriodDays: 1,
    bulk: false,
    weight: 18,
    products: ['Shop towel roll', 'Cable ties', 'Duct tape', 'Marker pen', 'Spray lubricant', 'Utility knife blades', 'Zip bags', 'Cleaning wipes'],
    variants: ['pack of 10', 'pack of 50', 'pack of 100', 'black', 'blue', '400 ml', '50 mm x 25 m', 'heavy duty'],
  },
  {
    name: 'Nordic Fasteners AB',
    contactEmail: 'sales@nordic-fasteners.example',
    defaultLeadTimeDays: 10,
    leadTimeStdDays: '1.5',
    reviewPeriodDays: 7,
    bulk: false,
    weight: 16,
    products: ['Hex bolt', 'Socket cap screw', 'Flat washer', 'Nyloc nut', 'Threaded rod', 'Blind rivet', 'Spring washer'],
    variants: ['M4 zinc', 'M5 zinc', 'M6 A2 stainless', 'M8 A2 stainless', 'M8x40 grade 8.8', 'M10x60 grade 8.8', 'M12 A4 stainless'],
  },
  {
    name: 'Great Lakes Packaging',
    contactEmail: 'orders@greatlakes-packaging.example',
    defaultLeadTimeDays: 7,
    leadTimeStdDays: '0.5',
    reviewPeriodDays: 7,
    bulk: false,
    weight: 12,
    products: ['Corrugated box', 'Stretch film', 'Packing tape', 'Pallet label', 'Bubble wrap', 'Kraft paper roll'],
    variants: ['300x200x150', '400x300x300', '500 mm x 300 m', 'clear 48 mm', '100x150 mm', '1 m x 50 m'],
  },
  {
    name: 'Iberia Safety Wear S.L.',
    contactEmail: 'pedidos@iberia-safety.example',
    defaultLeadTimeDays: 14,
    leadTimeStdDays: '2',
    reviewPeriodDays: 7,
    bulk: false,
    weight: 10,
    products: ['Nitrile gloves', 'Safety glasses', 'Ear plugs', 'Hi-vis vest', 'Safety boots', 'Dust mask FFP2'],
    variants: ['size S', 'size M', 'size L', 'size XL', 'box of 100', 'clear lens'],
  },
  {
    name: 'Midwest Electrical Wholesale',
    contactEmail: 'orders@midwest-electrical.example',
    defaultLeadTimeDays: 12,
    leadTimeStdDays: '0',
    reviewPeriodDays: 1,
    bulk: false,
    weight: 12,
    products: ['LED tube', 'Circuit breaker', 'Cable gland', 'Contactor', 'Terminal block', 'Fuse'],
    variants: ['1200 mm 18 W', 'C16 1-pole', 'M20 IP68', '3-pole 24 V', '4 mm² grey', '10 A slow-blow'],
  },
  {
    name: 'Rhine Valley Chemicals GmbH',
    contactEmail: 'vertrieb@rhine-chemicals.example',
    defaultLeadTimeDays: 21,
    leadTimeStdDays: '3.5',
    reviewPeriodDays: 7,
    bulk: true,
    weight: 8,
    products: ['Hydraulic oil ISO 46', 'Cutting fluid', 'Isopropyl alcohol', 'Degreaser', 'Epoxy resin', 'Grease EP2'],
    variants: ['(kg)', '(litre)', 'bulk (kg)', 'technical grade (litre)'],
  },
  {
    name: 'Shenzhen Precision Parts Co.',
    contactEmail: 'export@szprecision.example',
    defaultLeadTimeDays: 35,
    leadTimeStdDays: '7',
    reviewPeriodDays: 14,
    bulk: false,
    weight: 14,
    products: ['Ball bearing', 'Stepper motor', 'Proximity sensor', 'Timing belt', 'Linear guide block', 'Relay module'],
    variants: ['6204-2RS', '6205-ZZ', 'NEMA 17', 'M12 PNP', 'HTD 5M 15 mm', '20 mm flanged', '24 V 4-channel'],
  },
  {
    name: 'Pacific Components Ltd',
    contactEmail: 'orders@pacific-components.example',
    defaultLeadTimeDays: 45,
    leadTimeStdDays: '9',
    reviewPeriodDays: 14,
    bulk: false,
    weight: 10,
    products: ['Hydraulic cylinder seal kit', 'Gear pump', 'Solenoid valve', 'Pressure gauge', 'Hose assembly', 'Filter element'],
    variants: ['25 MPa', '1/2" BSP', '0-250 bar', '10 micron', 'type A', 'type B', 'DN16 1 m'],
  },
];

const SUPPLIER_WEIGHT_TOTAL = SUPPLIERS.reduce((sum, s) => sum + s.weight, 0);

/** The demo suppliers (the same for every seed). */
export function demoSuppliers(): DemoSupplier[] {
  return SUPPLIERS.map(({ name, contactEmail, defaultLeadTimeDays, leadTimeStdDays, reviewPeriodDays }) => ({
    name,
    contactEmail,
    defaultLeadTimeDays,
    leadTimeStdDays,
    reviewPeriodDays,
  }));
}

// Annual value ladder (currency per year): median and log-normal σ, see the header comment.
const MEDIAN_ANNUAL_VALUE = 2500;
const ANNUAL_VALUE_SIGMA = 1.64;
const WEEKS_PER_YEAR = 52;
const DAYS_PER_YEAR = 365.2425;

const PATTERN_ORDER: readonly DemoPattern[] = ['smooth', 'erratic', 'intermittent', 'lumpy', 'new', 'discontinued'];

function assertOptions(options: DemoCatalogOptions): void {
  const { skus, weeks, seed, endWeekStart } = options;
  if (!Number.isInteger(skus) || skus < 0 || skus > 99_999) throw new RangeError(`skus must be an integer 0–99999, got ${skus}`);
  if (!Number.isInteger(weeks) || weeks < 1 || weeks > 1040) throw new RangeError(`weeks must be an integer 1–1040, got ${weeks}`);
  if (!Number.isFinite(seed)) throw new RangeError(`seed must be a finite number, got ${seed}`);
  if (!isIsoWeekStart(endWeekStart)) throw new RangeError(`endWeekStart must be a Monday YYYY-MM-DD, got ${endWeekStart}`);
}

/** Per SKU: its pattern and its rank by annual value (0 = most valuable). */
interface CatalogPlan {
  patterns: DemoPattern[];
  valueRanks: Uint32Array;
}

/**
 * Patterns by exact quota (largest remainder), shuffled. Value ranks: the top half of the ladder
 * goes to items with a full history; new and discontinued items share the lower half with the
 * rest, since a product in its first weeks or phased out rarely is a top seller by annual value.
 */
function planCatalog(skus: number, seed: number): CatalogPlan {
  const rand = xoshiro128ss(mixSeed(seed, 0x706c616e)); // 'plan'
  const exact = PATTERN_ORDER.map((p) => DEMO_PATTERN_SHARES[p] * skus);
  const counts = exact.map(Math.floor);
  const byRemainder = PATTERN_ORDER.map((_, i) => i).sort((a, b) => exact[b]! - counts[b]! - (exact[a]! - counts[a]!) || a - b);
  for (let k = 0; counts.reduce((s, c) => s + c, 0) < skus; k++) counts[byRemainder[k % byRemainder.length]!]!++;
  const patterns: DemoPattern[] = [];
  PATTERN_ORDER.forEach((p, i) => {
    for (let c = 0; c < counts[i]!; c++) patterns.push(p);
  });
  shuffleInPlace(rand, patterns);

  const fullHistory: number[] = [];
  const shortHistory: number[] = [];
  patterns.forEach((p, i) => (p === 'new' || p === 'discontinued' ? shortHistory : fullHistory).push(i));
  shuffleInPlace(rand, fullHistory);
  const topHalf = Math.min(Math.ceil(skus / 2), fullHistory.length);
  const lowerHalf = shuffleInPlace(rand, [...fullHistory.slice(topHalf), ...shortHistory]);
  const valueRanks = new Uint32Array(skus);
  [...fullHistory.slice(0, topHalf), ...lowerHalf].forEach((index, rank) => (valueRanks[index] = rank));
  return { patterns, valueRanks };
}

/** Target annual value at a rank of the ladder: the log-normal quantile at the rank's midpoint. */
function annualValueAtRank(rank: number, skus: number): number {
  const z = inverseNormalCdf(1 - (rank + 0.5) / skus);
  return MEDIAN_ANNUAL_VALUE * Math.exp(ANNUAL_VALUE_SIGMA * z);
}

function pickSupplier(rand: Uniform): SupplierProfile {
  let r = rand() * SUPPLIER_WEIGHT_TOTAL;
  for (const supplier of SUPPLIERS) {
    r -= supplier.weight;
    if (r < 0) return supplier;
  }
  return SUPPLIERS[SUPPLIERS.length - 1]!;
}

// Most weekly quantities are small whole numbers: sharing their strings keeps a million usage
// rows from allocating a million strings (the garbage collector was a third of the run time).
const SMALL_INTEGER_TEXT: readonly string[] = Array.from({ length: 4096 }, (_, i) => String(i));

/** Decimal text of a non-negative quantity rounded to `scale` places, normalised ('2.5', '3'). */
function formatQuantity(x: number, scale: 0 | 2 | 3): string {
  if (scale === 0) {
    const whole = Math.round(x);
    return whole < SMALL_INTEGER_TEXT.length ? SMALL_INTEGER_TEXT[whole]! : String(whole);
  }
  const factor = scale === 2 ? 100 : 1000;
  const units = Math.round(x * factor);
  const whole = Math.floor(units / factor);
  const fraction = units - whole * factor;
  if (fraction === 0) return String(whole);
  return `${whole}.${String(fraction).padStart(scale, '0').replace(/0+$/, '')}`;
}

/** The weekly demand model of one item: a mean path and a draw per week. */
interface DemandModel {
  /** Weeks of history, counted back from the end week (≤ the catalog's weeks). */
  historyWeeks: number;
  /** Mean demand per week over the last year (or the history, when shorter). */
  meanDemandPerWeek: number;
  /** Demand in week t of the history (0 = first week of the item's history). */
  draw(t: number): number;
}

/** Smooth: level × trend × (1 + A·sin(season)), gamma noise with a small CV. */
function smoothModel(rand: Uniform, weeks: number, angles: Float64Array, valueScale: number): DemandModel {
  const level = clamp(25 * Math.sqrt(valueScale) * sampleLogNormal(rand, 0, 0.5), 8, 20_000);
  const trendPerWeek = sampleUniform(rand, -0.004, 0.008);
  const amplitude = sampleUniform(rand, 0.1, 0.45);
  const phase = sampleUniform(rand, 0, 2 * Math.PI);
  const cv = sampleUniform(rand, 0.08, 0.25);
  const path = new Float64Array(weeks);
  for (let t = 0; t < weeks; t++) {
    path[t] = Math.exp(trendPerWeek * (t - weeks + 1)) * (1 + amplitude * Math.sin(angles[t]! + phase));
  }
  const scale = level / meanOfLastYear(path);
  return {
    historyWeeks: weeks,
    meanDemandPerWeek: level,
    draw: (t) => sampleGammaMeanCv(rand, path[t]! * scale, cv),
  };
}

/** Erratic: demand every week, sizes with CV² between 0.7 and 1.4. */
function erraticModel(rand: Uniform, weeks: number, angles: Float64Array, valueScale: number): DemandModel {
  const level = clamp(20 * Math.sqrt(valueScale) * sampleLogNormal(rand, 0, 0.5), 15, 20_000);
  const amplitude = sampleUniform(rand, 0, 0.2);
  const phase = sampleUniform(rand, 0, 2 * Math.PI);
  const cv = Math.sqrt(sampleUniform(rand, 0.72, 1.35));
  return {
    historyWeeks: weeks,
    meanDemandPerWeek: level,
    draw: (t) => sampleGammaMeanCv(rand, level * (1 + amplitude * Math.sin(angles[t]! + phase)), cv),
  };
}

/** Intermittent: demand in a share p of weeks (ADI = 1/p ≥ 1.8), steady sizes 1 + Poisson(λ). */
function intermittentModel(rand: Uniform, weeks: number): DemandModel {
  const p = sampleUniform(rand, 0.15, 0.55);
  const lambda = sampleUniform(rand, 0.3, 5);
  return {
    historyWeeks: weeks,
    meanDemandPerWeek: p * (1 + lambda),
    draw: () => (rand() < p ? 1 + samplePoisson(rand, lambda) : 0),
  };
}

/** Lumpy: rare demand (p ≤ 0.5) of overdispersed sizes 1 + NegBin(m, r). */
function lumpyModel(rand: Uniform, weeks: number): DemandModel {
  const p = sampleUniform(rand, 0.12, 0.5);
  const meanSize = sampleUniform(rand, 4, 40);
  const dispersion = sampleUniform(rand, 0.35, 0.8);
  return {
    historyWeeks: weeks,
    meanDemandPerWeek: p * (1 + meanSize),
    draw: () => (rand() < p ? 1 + sampleNegativeBinomial(rand, meanSize, dispersion) : 0),
  };
}

/** New product: 1–11 weeks of history, ramping up over its first four weeks. */
function newProductModel(rand: Uniform, weeks: number, valueScale: number): DemandModel {
  const historyWeeks = Math.min(weeks, sampleInt(rand, 1, 11));
  const level = clamp(15 * Math.sqrt(valueScale) * sampleLogNormal(rand, 0, 0.5), 3, 5_000);
  const cv = sampleUniform(rand, 0.15, 0.4);
  return {
    historyWeeks,
    meanDemandPerWeek: level,
    draw: (t) => sampleGammaMeanCv(rand, level * Math.min(1, (t + 1) / 4), cv),
  };
}

/** Discontinued: steady demand that fades over 12 weeks and stops for good. */
function discontinuedModel(rand: Uniform, weeks: number, valueScale: number): DemandModel {
  const level = clamp(15 * Math.sqrt(valueScale) * sampleLogNormal(rand, 0, 0.5), 5, 5_000);
  const stopWeek = Math.max(1, Math.floor(weeks * sampleUniform(rand, 0.35, 0.85)));
  const cv = sampleUniform(rand, 0.15, 0.5);
  return {
    historyWeeks: weeks,
    meanDemandPerWeek: level,
    draw: (t) => {
      if (t >= stopWeek) return 0;
      const fade = Math.min(1, 0.3 + (0.7 * (stopWeek - t)) / 12);
      return sampleGammaMeanCv(rand, level * fade, cv);
    },
  };
}

function meanOfLastYear(path: Float64Array): number {
  const from = Math.max(0, path.length - WEEKS_PER_YEAR);
  let sum = 0;
  for (let t = from; t < path.length; t++) sum += path[t]!;
  return sum / (path.length - from);
}

function clamp(x: number, min: number, max: number): number {
  return Math.min(max, Math.max(min, x));
}

function lotSizeFor(rand: Uniform, demandPerWeek: number, bulk: boolean): number {
  if (bulk) return sampleOne(rand, [1, 5, 20, 25]);
  if (demandPerWeek < 2) return 1;
  if (demandPerWeek < 20) return sampleOne(rand, [1, 1, 5, 10]);
  if (demandPerWeek < 200) return sampleOne(rand, [10, 12, 24, 25, 50]);
  return sampleOne(rand, [50, 100, 250, 500]);
}

/**
 * Stock on hand in weeks of cover: about 10 % of items below their lead-time demand (urgent),
 * 12 % just above it (order soon), the rest comfortably stocked.
 */
function onHandFor(rand: Uniform, demandPerWeek: number, leadTimeDays: number, pattern: DemoPattern): number {
  if (pattern === 'discontinued') return rand() < 0.3 ? 0 : demandPerWeek * sampleUniform(rand, 0, 6);
  const leadTimeWeeks = leadTimeDays / 7;
  const u = rand();
  if (u < 0.1) return demandPerWeek * leadTimeWeeks * sampleUniform(rand, 0, 0.5);
  if (u < 0.22) return demandPerWeek * (leadTimeWeeks + sampleUniform(rand, 0.3, 1.2));
  return demandPerWeek * (leadTimeWeeks + sampleUniform(rand, 2, 12));
}

/**
 * The catalog one SKU at a time, with its usage rows: memory stays flat however many SKUs.
 * Yields exactly what generateDemoCatalog returns, in the same order.
 */
export function* generateDemoItems(options: DemoCatalogOptions): Generator<{ item: DemoItem; usage: UsageRow[] }> {
  assertOptions(options);
  const { skus, weeks, seed, endWeekStart } = options;
  const plan = planCatalog(skus, seed);
  const weekStarts: string[] = [];
  const angles = new Float64Array(weeks);
  for (let t = 0; t < weeks; t++) {
    const weekStart = addWeeks(endWeekStart, t - weeks + 1);
    weekStarts.push(weekStart);
    // Position in the calendar year, so every item's season follows the calendar.
    angles[t] = (2 * Math.PI * epochDay(weekStart)) / DAYS_PER_YEAR;
  }

  for (let i = 0; i < skus; i++) {
    const rand = xoshiro128ss(mixSeed(seed, i + 1));
    const pattern = plan.patterns[i]!;
    const annualValue = annualValueAtRank(plan.valueRanks[i]!, skus);
    const valueScale = annualValue / MEDIAN_ANNUAL_VALUE;
    const supplier = pickSupplier(rand);
    const model =
      pattern === 'smooth'
        ? smoothModel(rand, weeks, angles, valueScale)
        : pattern === 'erratic'
          ? erraticModel(rand, weeks, angles, valueScale)
          : pattern === 'intermittent'
            ? intermittentModel(rand, weeks)
            : pattern === 'lumpy'
              ? lumpyModel(rand, weeks)
              : pattern === 'new'
                ? newProductModel(rand, weeks, valueScale)
                : discontinuedModel(rand, weeks, valueScale);
    // Bulk goods (kg, litres) come in fractional quantities; counts of intermittent parts do not.
    const quantityScale = supplier.bulk && pattern !== 'intermittent' && pattern !== 'lumpy' ? 3 : 0;

    const unitCost = clamp(annualValue / (WEEKS_PER_YEAR * model.meanDemandPerWeek), 0.05, 25_000);
    const leadTimeDays =
      rand() < 0.3 ? Math.max(1, Math.round(supplier.defaultLeadTimeDays * sampleUniform(rand, 0.85, 1.2))) : supplier.defaultLeadTimeDays;
    const lotSize = lotSizeFor(rand, model.meanDemandPerWeek, supplier.bulk);
    const minOrderQty = rand() < 0.5 ? 0 : lotSize * sampleInt(rand, 1, 4);
    const onHand = onHandFor(rand, model.meanDemandPerWeek, leadTimeDays, pattern);
    const sku = `SKU-${String(i + 1).padStart(5, '0')}`;

    const item: DemoItem = {
      sku,
      name: `${sampleOne(rand, supplier.products)}, ${sampleOne(rand, supplier.variants)}`,
      unitCost: formatQuantity(unitCost, 2),
      onHand: formatQuantity(onHand, quantityScale),
      leadTimeDays,
      leadTimeStdDays: supplier.leadTimeStdDays,
      supplierName: supplier.name,
      minOrderQty: String(minOrderQty),
      lotSize: String(lotSize),
      active: pattern !== 'discontinued',
      pattern,
    };

    const usage: UsageRow[] = new Array(model.historyWeeks);
    const firstWeek = weeks - model.historyWeeks;
    for (let t = 0; t < model.historyWeeks; t++) {
      usage[t] = { sku, weekStart: weekStarts[firstWeek + t]!, quantity: formatQuantity(model.draw(t), quantityScale) };
    }
    yield { item, usage };
  }
}

/** The whole demo catalog in memory (10,000 SKUs × 104 weeks is about 1 M usage rows). */
export function generateDemoCatalog(options: DemoCatalogOptions): DemoCatalog {
  const items: DemoItem[] = [];
  const usage: UsageRow[] = [];
  for (const generated of generateDemoItems(options)) {
    items.push(generated.item);
    for (const row of generated.usage) usage.push(row);
  }
  return { suppliers: demoSuppliers(), items, usage };
}
