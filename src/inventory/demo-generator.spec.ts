import { DEMO_PATTERN_SHARES, DemoCatalog, DemoPattern, generateDemoCatalog, generateDemoItems } from './demo-generator';
import { addWeeks, isIsoWeekStart } from '../common/iso-week';
import { parseDecimal, parseQuantity } from '../common/parse/decimal';

const END_WEEK = '2026-11-23';

/** Syntetos–Boylan: ADI = periods per non-zero demand, CV² of the non-zero sizes. */
function adiAndCv2(series: number[]): { adi: number; cv2: number } {
  const sizes = series.filter((q) => q > 0);
  const mean = sizes.reduce((s, q) => s + q, 0) / sizes.length;
  const variance = sizes.reduce((s, q) => s + (q - mean) ** 2, 0) / sizes.length;
  return { adi: series.length / sizes.length, cv2: variance / (mean * mean) };
}

function syntetosBoylanClass(series: number[]): DemoPattern {
  const { adi, cv2 } = adiAndCv2(series);
  if (adi < 1.32) return cv2 < 0.49 ? 'smooth' : 'erratic';
  return cv2 < 0.49 ? 'intermittent' : 'lumpy';
}

function seriesBySku(catalog: DemoCatalog): Map<string, number[]> {
  const series = new Map<string, number[]>();
  for (const row of catalog.usage) {
    let values = series.get(row.sku);
    if (!values) series.set(row.sku, (values = []));
    values.push(Number(row.quantity));
  }
  return series;
}

describe('generateDemoCatalog', () => {
  // One mid-sized catalog shared read-only by the statistical checks below.
  const skus = 2000;
  const weeks = 104;
  const catalog = generateDemoCatalog({ skus, weeks, seed: 42, endWeekStart: END_WEEK });
  const series = seriesBySku(catalog);

  it('is deterministic for a seed and different for another seed', () => {
    const options = { skus: 200, weeks: 60, seed: 7, endWeekStart: END_WEEK };
    const first = generateDemoCatalog(options);
    expect(generateDemoCatalog(options)).toEqual(first);
    const other = generateDemoCatalog({ ...options, seed: 8 });
    expect(other.items.map((i) => i.unitCost)).not.toEqual(first.items.map((i) => i.unitCost));
    expect(other.usage.map((u) => u.quantity)).not.toEqual(first.usage.map((u) => u.quantity));
  });

  it('streams exactly the same items and usage, one SKU at a time', () => {
    const options = { skus: 150, weeks: 30, seed: 3, endWeekStart: END_WEEK };
    const streamed = [...generateDemoItems(options)];
    const whole = generateDemoCatalog(options);
    expect(streamed.map((s) => s.item)).toEqual(whole.items);
    expect(streamed.flatMap((s) => s.usage)).toEqual(whole.usage);
  });

  it('numbers SKUs SKU-00001… and gives every item a name and a known supplier', () => {
    expect(catalog.items).toHaveLength(skus);
    expect(catalog.items[0]!.sku).toBe('SKU-00001');
    expect(catalog.items[skus - 1]!.sku).toBe('SKU-02000');
    const supplierNames = new Set(catalog.suppliers.map((s) => s.name));
    for (const item of catalog.items) {
      expect(item.name.length).toBeGreaterThan(3);
      expect(supplierNames.has(item.supplierName)).toBe(true);
    }
  });

  it('has about 8 suppliers with lead times from 5 to 45 days, some variable', () => {
    const { suppliers } = catalog;
    expect(suppliers.length).toBeGreaterThanOrEqual(6);
    expect(suppliers.length).toBeLessThanOrEqual(10);
    const leadTimes = suppliers.map((s) => s.defaultLeadTimeDays);
    expect(Math.min(...leadTimes)).toBe(5);
    expect(Math.max(...leadTimes)).toBe(45);
    expect(new Set(leadTimes).size).toBe(suppliers.length);
    expect(suppliers.filter((s) => Number(s.leadTimeStdDays) > 0).length).toBeGreaterThanOrEqual(3);
    for (const s of suppliers) expect(s.contactEmail).toMatch(/^[^@\s]+@[^@\s]+\.[a-z]+$/);
  });

  it('assigns the documented share of each demand pattern', () => {
    const counts = new Map<DemoPattern, number>();
    for (const item of catalog.items) counts.set(item.pattern, (counts.get(item.pattern) ?? 0) + 1);
    for (const [pattern, share] of Object.entries(DEMO_PATTERN_SHARES) as [DemoPattern, number][]) {
      expect(Math.abs((counts.get(pattern) ?? 0) - share * skus)).toBeLessThanOrEqual(1);
    }
  });

  it('writes one row per week of history, on Mondays, ending at endWeekStart', () => {
    const first = addWeeks(END_WEEK, -(weeks - 1));
    const wrongLength = catalog.items.filter((i) => i.pattern !== 'new' && series.get(i.sku)!.length !== weeks);
    expect(wrongLength).toEqual([]);
    expect(catalog.usage.length).toBe(catalog.items.reduce((n, i) => n + series.get(i.sku)!.length, 0));
    const weekStarts = [...new Set(catalog.usage.map((u) => u.weekStart))].sort();
    expect(weekStarts).toHaveLength(weeks);
    expect(weekStarts[0]).toBe(first);
    expect(weekStarts.at(-1)).toBe(END_WEEK);
    expect(weekStarts.filter((w) => !isIsoWeekStart(w))).toEqual([]);
    // Each item's rows run oldest to newest and end at the last week.
    const lastRowOfEachSku = new Map(catalog.usage.map((u) => [u.sku, u.weekStart]));
    expect([...lastRowOfEachSku.values()].filter((w) => w !== END_WEEK)).toEqual([]);
  });

  it('stores quantities, costs and stock as normalised non-negative decimal strings', () => {
    const isNormalisedQuantity = (q: string) => {
      const parsed = parseQuantity(q, 'quantity');
      return parsed.ok && parsed.value === q;
    };
    expect(catalog.usage.filter((u) => !isNormalisedQuantity(u.quantity))).toEqual([]);
    const badItems = catalog.items.filter((item) => {
      const cost = parseDecimal(item.unitCost, { field: 'unitCost', min: 0, minExclusive: true, maxScale: 4 });
      return (
        !(cost.ok && cost.value === item.unitCost) ||
        !isNormalisedQuantity(item.onHand) ||
        !(Number(item.lotSize) > 0) ||
        Number(item.minOrderQty) % Number(item.lotSize) !== 0
      );
    });
    expect(badItems).toEqual([]);
    expect(catalog.usage.some((u) => u.quantity.includes('.'))).toBe(true); // bulk goods in kg/litres
  });

  it('spreads annual value so ABC classes come out near 20/30/50 % of SKUs', () => {
    const annualValues = catalog.items
      .map((item) => Number(item.unitCost) * series.get(item.sku)!.slice(-52).reduce((s, q) => s + q, 0))
      .sort((a, b) => b - a);
    const total = annualValues.reduce((s, v) => s + v, 0);
    const classes = { A: 0, B: 0, C: 0 };
    let cumulative = 0;
    for (const value of annualValues) {
      cumulative += value;
      const share = cumulative / total;
      classes[share <= 0.8 ? 'A' : share <= 0.95 ? 'B' : 'C']++;
    }
    expect(Math.abs((100 * classes.A) / skus - 20)).toBeLessThanOrEqual(7);
    expect(Math.abs((100 * classes.B) / skus - 30)).toBeLessThanOrEqual(7);
    expect(Math.abs((100 * classes.C) / skus - 50)).toBeLessThanOrEqual(7);
  });

  it.each(['smooth', 'erratic', 'intermittent', 'lumpy'] as const)(
    '%s items get that class from ADI/CV² (Syntetos–Boylan) at least 90 %% of the time',
    (pattern) => {
      const items = catalog.items.filter((i) => i.pattern === pattern);
      const matching = items.filter((i) => syntetosBoylanClass(series.get(i.sku)!) === pattern);
      expect(matching.length / items.length).toBeGreaterThanOrEqual(0.9);
    },
  );

  it('gives smooth items a trend or season: the yearly means differ or the weeks swing', () => {
    const smooth = catalog.items.filter((i) => i.pattern === 'smooth').slice(0, 100);
    const moving = smooth.filter((item) => {
      const values = series.get(item.sku)!;
      const firstYear = values.slice(0, 52).reduce((s, q) => s + q, 0);
      const secondYear = values.slice(52).reduce((s, q) => s + q, 0);
      return Math.abs(secondYear / firstYear - 1) > 0.05 || adiAndCv2(values).cv2 > 0.02;
    });
    expect(moving.length).toBeGreaterThanOrEqual(90);
  });

  it('gives new products between 1 and 11 weeks of history, ending now', () => {
    const newItems = catalog.items.filter((i) => i.pattern === 'new');
    expect(newItems.length).toBeGreaterThan(0);
    for (const item of newItems) {
      const rowCount = series.get(item.sku)?.length ?? 0;
      expect(rowCount).toBeGreaterThanOrEqual(1);
      expect(rowCount).toBeLessThan(12);
      expect(item.active).toBe(true);
    }
  });

  it('marks discontinued items inactive, with demand first and none at the end', () => {
    const discontinued = catalog.items.filter((i) => i.pattern === 'discontinued');
    expect(discontinued.length).toBeGreaterThan(0);
    for (const item of discontinued) {
      const values = series.get(item.sku)!;
      expect(item.active).toBe(false);
      expect(values.slice(0, 20).some((q) => q > 0)).toBe(true);
      expect(values.slice(-10).every((q) => q === 0)).toBe(true);
    }
    expect(catalog.items.filter((i) => i.pattern !== 'discontinued').every((i) => i.active)).toBe(true);
  });

  it('stocks most items comfortably and leaves some below their lead-time demand', () => {
    const active = catalog.items.filter((i) => i.pattern !== 'discontinued' && i.pattern !== 'new');
    const low = active.filter((item) => {
      const lastYear = series.get(item.sku)!.slice(-52);
      const demandPerWeek = lastYear.reduce((s, q) => s + q, 0) / lastYear.length;
      return Number(item.onHand) < (demandPerWeek * item.leadTimeDays) / 7;
    });
    expect(low.length / active.length).toBeGreaterThan(0.04);
    expect(low.length / active.length).toBeLessThan(0.25);
  });

  it('rejects options it cannot honour', () => {
    expect(() => generateDemoCatalog({ skus: 10, weeks: 10, seed: 1, endWeekStart: '2026-11-24' })).toThrow(/Monday/);
    expect(() => generateDemoCatalog({ skus: -1, weeks: 10, seed: 1, endWeekStart: END_WEEK })).toThrow(RangeError);
    expect(() => generateDemoCatalog({ skus: 10, weeks: 0, seed: 1, endWeekStart: END_WEEK })).toThrow(RangeError);
  });

  it('handles tiny catalogs and short histories', () => {
    expect(generateDemoCatalog({ skus: 0, weeks: 5, seed: 1, endWeekStart: END_WEEK }).items).toEqual([]);
    const tiny = generateDemoCatalog({ skus: 3, weeks: 2, seed: 1, endWeekStart: END_WEEK });
    expect(tiny.items).toHaveLength(3);
    expect(tiny.usage.every((u) => u.weekStart === END_WEEK || u.weekStart === addWeeks(END_WEEK, -1))).toBe(true);
  });
});
