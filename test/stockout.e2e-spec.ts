import { Client } from 'pg';
import { SettableClock } from '../src/clock/clock';
import { addWeeks } from '../src/common/iso-week';
import { mixSeed, sampleNormal, xoshiro128ss } from '../src/common/prng';
import { CycleService } from '../src/cycle/cycle.service';
import { censoredDemandHistory } from '../src/forecast/censored-demand';
import { InventoryService } from '../src/inventory/inventory.service';
import { startApp, TestApp } from './support/app';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';
import { hoursInto, loadWeeklyCatalog } from './support/weekly-catalog';

/**
 * Stock-out weeks end to end on PostgreSQL + Redis with a set clock (issue 11): the cycle's
 * preparation counts on hand (on_hand_daily), a movement to zero (adjustStock, an item import) is
 * recorded the day it happens,
 * the week it happened in is marked censored when its usage arrives, counted by the stockoutWeeks
 * KPI, and the next night's forecast is fitted on the week's estimate instead of its floor.
 *
 * Four SKUs with the same demand: OUT-1 runs out on the Thursday of week W and sells only 30 that
 * week; TWIN-1 records the same 30 without a stock-out (its 30 is real demand); FILLED-1 records
 * the estimate the correction makes of OUT-1's week (censored-demand.ts); NOCOUNT-1 never had its
 * on hand kept (0 since its import), so it has no on-hand history and never a stock-out.
 */
const HISTORY_END = '2026-06-01'; // a Monday: the last week of history before the first run
const HISTORY_WEEKS = 40;
const W = addWeeks(HISTORY_END, 1); // the week of the stock-out
const SKUS = ['OUT-1', 'TWIN-1', 'FILLED-1', 'NOCOUNT-1'] as const;
const FLOOR = 30; // what OUT-1 (and TWIN-1, NOCOUNT-1) recorded in week W

/** The same demand for every SKU: about 100 a week. */
function demand(weekIndex: number): number {
  return Math.round(sampleNormal(xoshiro128ss(mixSeed(11, weekIndex + 1000)), 100, 6));
}

const historyValues = Array.from({ length: HISTORY_WEEKS }, (_, i) => demand(i - HISTORY_WEEKS + 1));
// OUT-1's history at the second night (weeks up to W, W last) and its estimate of week W.
const ESTIMATE = censoredDemandHistory([...historyValues, FLOOR], [HISTORY_WEEKS])[HISTORY_WEEKS];

describe('stock-out weeks end to end on PostgreSQL + Redis', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp;
  let pg: Client;
  let viewer: string;
  let approver: string;
  const clock = new SettableClock(hoursInto(W, 1));
  let cycle: CycleService;
  let inventory: InventoryService;
  let ids: Map<(typeof SKUS)[number], string>;

  async function run(key: string): Promise<string> {
    const runId = await cycle.startRun('manual', 'test', { runKey: key });
    await cycle.waitForCompletion(runId, { timeoutMs: 120_000 });
    return runId;
  }

  beforeAll(async () => {
    db = await freshDatabase('stockout');
    app = await startApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `nn-test-${db.name}`, ROLLOUT_PHASE: 'draft' }, { processJobs: true, clock });
    pg = await sql(db.url);
    [viewer, approver] = [await app.login('viewer'), await app.login('approver')];
    cycle = app.runtime.app.get(CycleService);
    inventory = app.runtime.app.get(InventoryService);
    ids = await loadWeeklyCatalog(inventory, { supplier: 'Stock Supply', skus: SKUS, weeks: HISTORY_WEEKS, lastWeek: HISTORY_END, demand: (_sku, i) => demand(i) });
    for (const sku of ['OUT-1', 'TWIN-1', 'FILLED-1']) await inventory.adjustStock({ sku, onHand: '500', reason: 'first count' }, 'test');
  }, 120_000);

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    if (db) await dropQueueKeys(`nn-test-${db.name}`);
    await db?.drop();
  });

  const onHandRows = async () =>
    (await pg.query(`SELECT i.sku, h.day::text AS day, h.lowest_on_hand::float8 AS lowest FROM on_hand_daily h JOIN inventory_items i ON i.id = h.item_id ORDER BY i.sku, h.day`)).rows;

  it('marks the week censored, counts it in the KPIs and fits the next forecast on its estimate', async () => {
    // Night 1 (Tuesday of week W): the count of every active item whose on hand is kept.
    clock.set(hoursInto(W, 26));
    const first = await run('stock-1');
    expect(await onHandRows()).toEqual(['FILLED-1', 'OUT-1', 'TWIN-1'].map((sku) => ({ sku, day: '2026-06-09', lowest: 500 })));
    expect(await inventory.recordOnHandCount()).toBe(0); // counting again the same day writes nothing

    // Thursday: OUT-1's shelf is empty; Friday a delivery of 300 arrives (before the next nightly count).
    clock.set(hoursInto(W, 3 * 24 + 10));
    const out = await app.gql(`mutation { adjustStock(sku: "OUT-1", delta: "-500", reason: "shelf empty") { onHand } }`, undefined, approver);
    expect(out.errors).toBeUndefined();
    clock.set(hoursInto(W, 4 * 24 + 10));
    expect((await app.gql(`mutation { adjustStock(sku: "OUT-1", delta: "300", reason: "delivery") { onHand } }`, undefined, approver)).errors).toBeUndefined();
    expect((await onHandRows()).filter((r) => r.sku === 'OUT-1').map((r) => [r.day, r.lowest])).toEqual([
      ['2026-06-09', 500],
      ['2026-06-11', 0],
    ]);

    // Monday after week W: its usage arrives. Night 2 (Tuesday): the count, realized accuracy, forecasts.
    clock.set(hoursInto(addWeeks(W, 1), 1));
    const weekUsage = { 'OUT-1': FLOOR, 'TWIN-1': FLOOR, 'FILLED-1': ESTIMATE, 'NOCOUNT-1': FLOOR };
    await inventory.recordUsage(SKUS.map((sku) => ({ sku, weekStart: W, quantity: String(weekUsage[sku]) })), 'test');
    clock.set(hoursInto(addWeeks(W, 1), 26));
    const second = await run('stock-2');
    expect((await onHandRows()).filter((r) => r.day === '2026-06-16').map((r) => [r.sku, r.lowest])).toEqual([['FILLED-1', 500], ['OUT-1', 300], ['TWIN-1', 500]]);

    // The accuracy row of week W (run 1's step-1 forecast) is censored for OUT-1 only.
    const accuracy = (
      await pg.query(`SELECT i.sku, a.censored, a.actual::float8 AS actual FROM forecast_accuracy a JOIN inventory_items i ON i.id = a.item_id
                       WHERE a.model = 'ensemble' AND a.week_start = $1 AND a.horizon_step = 1 AND a.run_id = $2 ORDER BY i.sku`, [W, first])
    ).rows;
    expect(accuracy).toEqual([
      { sku: 'FILLED-1', censored: false, actual: ESTIMATE },
      { sku: 'NOCOUNT-1', censored: false, actual: FLOOR },
      { sku: 'OUT-1', censored: true, actual: FLOOR },
      { sku: 'TWIN-1', censored: false, actual: FLOOR },
    ]);
    const kpis = (await app.gql(`{ kpis(window: 4) { business { stockoutWeeks } } sku: accuracy(sku: "OUT-1") { models { key censoredExcluded } weeks { weekStart horizonStep censored } } }`, undefined, viewer)).data;
    expect(kpis.kpis.business.stockoutWeeks).toBe(1);
    expect(kpis.sku.weeks.filter((w: { horizonStep: number }) => w.horizonStep === 1)).toEqual([{ weekStart: W, horizonStep: 1, censored: true }]);
    expect(kpis.sku.models.find((m: { key: string }) => m.key === 'ensemble').censoredExcluded).toBe(1);

    // Night 2's forecasts: OUT-1's members were fitted on the estimate of week W — the same means as
    // FILLED-1, which recorded that value — and come out above TWIN-1's, fitted on the same 30 as demand.
    const members = new Map<string, Record<string, number>>(
      (await pg.query(`SELECT i.sku, f.weeks FROM forecasts f JOIN inventory_items i ON i.id = f.item_id WHERE f.run_id = $1`, [second])).rows.map((r) => [r.sku, r.weeks[0].members]),
    );
    const outMembers = members.get('OUT-1')!;
    expect(Object.keys(outMembers).length).toBeGreaterThan(1);
    for (const [name, mean] of Object.entries(outMembers)) {
      expect(mean).toBeCloseTo(members.get('FILLED-1')![name], 6);
      expect(mean).toBeGreaterThan(members.get('TWIN-1')![name]);
    }
    expect(ESTIMATE).toBeGreaterThan(FLOOR);
  }, 300_000);

  it('records an on hand of 0 set by an item import the day it is set, only for items whose on hand is kept', async () => {
    clock.set(hoursInto(addWeeks(W, 1), 30)); // Tuesday 06:00, after night 2's count (FILLED-1 at 500)
    const zero = (sku: string) => ({ sku, name: sku, unitCost: '2', onHand: '0', supplierName: 'Stock Supply' });
    await inventory.upsertItems([zero('FILLED-1'), zero('NOCOUNT-1')], 'test');
    expect((await onHandRows()).filter((r) => r.day === '2026-06-16').map((r) => [r.sku, r.lowest])).toEqual([['FILLED-1', 0], ['OUT-1', 300], ['TWIN-1', 500]]);
    expect((await onHandRows()).some((r) => r.sku === 'NOCOUNT-1')).toBe(false);
  });

  it('keeps the forecast history’s 104 weeks and two more: the nightly count deletes older days', async () => {
    // 106 weeks after Thursday 2026-06-11 (OUT-1's day at 0) that day is still kept; a day later it is not.
    clock.set(new Date(Date.parse('2026-06-11T02:00:00Z') + 7 * 106 * 86_400_000));
    await inventory.recordOnHandCount();
    expect((await onHandRows()).some((r) => r.sku === 'OUT-1' && r.day === '2026-06-11')).toBe(true);
    clock.advance(86_400_000);
    await inventory.recordOnHandCount();
    const days = (await onHandRows()).map((r) => r.day);
    expect(days.some((d) => d <= '2026-06-11')).toBe(false);
    expect(days).toContain('2028-06-23'); // the count of the day itself
  });
});
