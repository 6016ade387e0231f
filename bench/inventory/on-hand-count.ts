/**
 * What the on-hand history adds to a night, on PostgreSQL with 10,000 active SKUs and a full
 * on_hand_daily (743 days of nightly counts already stored in day order, 2 % of the days at 0):
 * - the nightly count (InventoryService.recordOnHandCount, one INSERT … SELECT, then the day that
 *   leaves the 106-week window deleted) of a new day, and again the same day (a retry: writes nothing);
 * - the stock-out weeks of one forecast batch (FORECAST_BATCH_SKUS = 20 items × 104 weeks, their
 *   usage already read, as in the forecast-skus job: one query of the out-of-stock days), and of
 *   every item over 4 weeks (the stockoutWeeks KPI, and realized accuracy at preparation).
 * Rounds alternate; each figure is the median of the rounds.
 *
 *   node bin/build.js && node dist/bench/inventory/on-hand-count.js [--skus 10000] [--days 743] [--rounds 5]
 */
import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createRuntime } from '../../src/bootstrap';
import { SettableClock } from '../../src/clock/clock';
import { addWeeks, isoWeekStart } from '../../src/common/iso-week';
import { parseConfig } from '../../src/config/config.schema';
import { InventoryService } from '../../src/inventory/inventory.service';
import { benchDatabase } from '../support/bench-database';

function argument(name: string, fallback: string): string {
  const index = process.argv.indexOf(`--${name}`);
  return index >= 0 && process.argv[index + 1] ? process.argv[index + 1] : fallback;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[xs.length >> 1];

async function timed<T>(f: () => Promise<T>): Promise<[number, T]> {
  const started = performance.now();
  const result = await f();
  return [performance.now() - started, result];
}

async function main(): Promise<void> {
  const skus = Number(argument('skus', '10000'));
  const days = Number(argument('days', '743'));
  const rounds = Number(argument('rounds', '5'));
  const db = await benchDatabase('onhand');
  const clock = new SettableClock('2026-12-01T02:00:00Z');
  const runtime = await createRuntime(parseConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'warn', SCHEDULER_ENABLED: 'false' }), { role: 'cli', clock });
  try {
    const inventory = runtime.app.get(InventoryService);
    const data = runtime.app.get(DataSource);
    for (let i = 0; i < skus; i += 5000) {
      const items = Array.from({ length: Math.min(5000, skus - i) }, (_, j) => ({ sku: `SKU-${String(i + j + 1).padStart(5, '0')}`, name: `Item ${i + j + 1}`, unitCost: '1.25', onHand: String(((i + j) % 50) + 1) }));
      await inventory.upsertItems(items, 'bench');
    }
    // The stored history: `days` nightly counts before today, 2 % of them at 0 (a deterministic pattern).
    const [fill] = await timed(() =>
      data.query(
        `INSERT INTO on_hand_daily (item_id, day, lowest_on_hand, recorded_at)
         SELECT i.id, d::date, CASE WHEN (hashtext(i.id::text || d::text) & 1023) < 20 THEN 0 ELSE 10 END, now()
           FROM generate_series(DATE '2026-12-01' - $1::int, DATE '2026-12-01' - 1, interval '1 day') d, inventory_items i ORDER BY d`,
        [days],
      ),
    );
    await data.query(`ANALYZE on_hand_daily`);
    const [{ rows, out }] = await data.query(`SELECT count(*)::int AS rows, count(*) FILTER (WHERE lowest_on_hand <= 0)::int AS out FROM on_hand_daily`);
    // Usage for the stock-out rule (usage > 0): every item, every week of the window.
    const lastWeek = addWeeks(isoWeekStart(clock.now()), -1);
    await data.query(
      `INSERT INTO usage_history (item_id, week_start, quantity, weekly_quantity)
       SELECT i.id, w::date, 5, 5 FROM inventory_items i, generate_series($1::date - 7 * 103, $1::date, interval '7 days') w`,
      [lastWeek],
    );
    await data.query(`ANALYZE usage_history`);
    console.log(`${skus} SKUs, on_hand_daily ${rows} rows (${out} at 0) filled in ${(fill / 1000).toFixed(1)} s`);
    const ids = await inventory.activeItemIds();
    const batch = ids.slice(0, 20);
    const results: Record<string, number[]> = { count: [], recount: [], batch: [], kpi: [] };
    let written = 0;
    let rewritten = 0;
    let deleted = 0;
    const total = async () => (await data.query(`SELECT count(*)::int AS n FROM on_hand_daily`))[0].n as number;
    let batchWeeks = 0;
    let kpiWeeks = 0;
    for (let r = 0; r < rounds; r++) {
      clock.set(new Date(Date.parse('2026-12-01T02:00:00Z') + r * 86_400_000));
      const before = await total();
      const [count, w] = await timed(() => inventory.recordOnHandCount());
      deleted = before + w - (await total());
      const [recount, rw] = await timed(() => inventory.recordOnHandCount());
      // As the forecast-skus job does: the batch's usage is read already, only the out-of-stock days are.
      const usage = await inventory.weeklyUsage(batch, lastWeek, 104);
      const [batchMs, b] = await timed(() => inventory.stockoutWeeks(batch, addWeeks(lastWeek, -103), lastWeek, { usage }));
      const [kpiMs, k] = await timed(() => inventory.stockoutWeeks(null, addWeeks(lastWeek, -3), lastWeek));
      results.count.push(count);
      results.recount.push(recount);
      results.batch.push(batchMs);
      results.kpi.push(kpiMs);
      [written, rewritten] = [w, rw];
      batchWeeks = [...b.values()].reduce((s, x) => s + x.length, 0);
      kpiWeeks = [...k.values()].reduce((s, x) => s + x.length, 0);
    }
    console.log('| step | rows / weeks | median ms | rounds (ms) |');
    console.log('| --- | --- | --- | --- |');
    const line = (name: string, what: string, xs: number[]) => console.log(`| ${name} | ${what} | ${median(xs).toFixed(0)} | ${xs.map((x) => x.toFixed(0)).join(', ')} |`);
    line('nightly count, a new day (and the day past 106 weeks deleted)', `${written} rows written, ${deleted} deleted`, results.count);
    line('nightly count again, same day', `${rewritten} rows written`, results.recount);
    line('stock-out weeks of one batch (20 SKUs × 104 weeks)', `${batchWeeks} weeks`, results.batch);
    line('stock-out weeks of every SKU, 4 weeks (the KPI)', `${kpiWeeks} weeks`, results.kpi);
  } finally {
    await runtime.close();
    await db.drop();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
