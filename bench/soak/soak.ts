/**
 * Soak: N nights fast-forwarded on demo data, on PostgreSQL + Redis, with a set clock. This
 * process is the API (its runtime enqueues the runs and takes the decisions, through the same
 * services the resolvers call); the worker is its own process (bench/soak/worker.ts) whose clock
 * follows over IPC. Each night: the clock moves to 02:00 of the next day; on Mondays last week's
 * usage arrives (recordUsage, every SKU); the cycle runs (the cron's run key); then decisions: a
 * share of the open recommendations adjusted, of the pending POs approved, of them rejected (the
 * rest left to be superseded); approved POs received once their supplier's lead time has passed.
 *
 * Per night: run wall time, API and worker RSS and heap (after a full GC), PostgreSQL sessions of
 * the bench database (pg_stat_activity), Redis keys under the run's prefix, open recommendations
 * and pending POs — and how many of them are stale (of an older run than the newest). At the end:
 * the audit chain verified, and memory of the first 10 nights against the last 10.
 *
 *   node bin/build.js && node --expose-gc dist/bench/soak/soak.js [skus=500] [nights=30]
 *   (SOAK_FORECAST_THREADS=0: fitting on the worker's main thread; MALLOC_ARENA_MAX passes through to the worker)
 */
import 'reflect-metadata';
import { ChildProcess, fork } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { Redis } from 'ioredis';
import { DataSource } from 'typeorm';
import { AuditService } from '../../src/audit/audit.service';
import { createRuntime } from '../../src/bootstrap';
import { SettableClock } from '../../src/clock/clock';
import { addWeeks, isoWeekStart } from '../../src/common/iso-week';
import { parseConfig } from '../../src/config/config.schema';
import { CycleService } from '../../src/cycle/cycle.service';
import { DemoService } from '../../src/inventory/demo.service';
import { InventoryService } from '../../src/inventory/inventory.service';
import { ReorderService } from '../../src/reorder/reorder.service';
import { benchDatabase } from '../support/bench-database';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';
const DAY = 24 * 3600 * 1000;
const MB = 1024 * 1024;

type Memory = { rss: number; heapUsed: number };
/** The worker's report: process.memoryUsage() and /proc/self figures (bench/soak/worker.ts). */
type WorkerMemory = Memory & { heapTotal: number; external: number; arrayBuffers: number; rssAnon: number; rssFile: number; threads: number; wasmRss: number; wasmMemories: number; v8Malloced: number; v8PeakMalloced: number };

function ask<T>(child: ChildProcess, message: object, key: string): Promise<T> {
  return new Promise((resolve) => {
    const onMessage = (reply: Record<string, unknown>) => {
      if (key in reply) {
        child.off('message', onMessage);
        resolve(reply[key] as T);
      }
    };
    child.on('message', onMessage);
    child.send(message);
  });
}

/** A deterministic pseudo-random number in [0, 1) from a string (decisions and usage repeat run to run). */
function unit(seed: string): number {
  let h = 2166136261;
  for (let i = 0; i < seed.length; i++) h = Math.imul(h ^ seed.charCodeAt(i), 16777619);
  return ((h >>> 0) % 100_000) / 100_000;
}

async function main() {
  const skus = Number(process.argv[2] ?? 500);
  const nights = Number(process.argv[3] ?? 30);
  const db = await benchDatabase('soak');
  const prefix = `nn-soak-${randomBytes(3).toString('hex')}`;
  const start = '2027-01-04T02:00:00Z'; // a Monday
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: prefix,
    LOG_LEVEL: 'error',
    SCHEDULER_ENABLED: 'false',
    ROLLOUT_PHASE: 'draft',
    WORKER_CONCURRENCY: '4',
    // SOAK_FORECAST_THREADS=0: the worker fits on its main thread, so the fitting's heap shows in its heap figures.
    FORECAST_THREADS: process.env.SOAK_FORECAST_THREADS ?? '1',
    JWT_SECRET: randomBytes(32).toString('hex'),
    AUDIT_HMAC_KEY: randomBytes(32).toString('hex'),
    SOAK_CLOCK: start,
  };
  const clock = new SettableClock(start);
  const runtime = await createRuntime(parseConfig(env), { role: 'api', processJobs: false, clock });
  const redis = new Redis(REDIS_URL);
  let worker: ChildProcess | undefined;
  try {
    const data = runtime.app.get(DataSource);
    const cycle = runtime.app.get(CycleService);
    const reorder = runtime.app.get(ReorderService);
    const inventory = runtime.app.get(InventoryService);
    await runtime.app.get(DemoService).load({ skus, weeks: 104, seed: 7 });
    worker = fork(join(__dirname, 'worker.js'), [], { env: { ...env, MIGRATIONS_RUN: 'false' }, execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    await ask(worker, {}, 'ready');
    const skuList: string[] = (await data.query(`SELECT sku FROM inventory_items WHERE active ORDER BY sku`)).map((r: { sku: string }) => r.sku);

    const rows: Record<string, string | number>[] = [];
    const workerDetail: string[] = [];
    console.log(`soak: ${skus} SKUs, ${nights} nights from ${start.slice(0, 10)}`);
    console.log(`| night | day | usage | run s | API RSS MB | API heap MB | worker RSS MB | worker heap MB | PG sessions | Redis keys | open recs | stale open | pending POs | stale pending | approved | rejected | received |`);
    console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
    for (let night = 0; night < nights; night++) {
      const now = new Date(Date.parse(start) + night * DAY);
      clock.set(now);
      await ask(worker, { clock: now.toISOString() }, 'ack');
      const day = now.toISOString().slice(0, 10);

      // Mondays: last week's usage arrives, as a weekly total per SKU.
      let usage = 0;
      if (now.getUTCDay() === 1 && night > 0) {
        const week = addWeeks(isoWeekStart(now), -1);
        const inputs = skuList.map((sku) => ({ sku, weekStart: week, quantity: String(Math.round(unit(`${sku}${week}`) * 40)) }));
        usage = inputs.length;
        await inventory.recordUsage(inputs, 'soak');
      }

      const started = Date.now();
      const runId = await cycle.startRun('cron', 'soak');
      await cycle.waitForCompletion(runId, { timeoutMs: 20 * 60_000 });
      const runSeconds = (Date.now() - started) / 1000;

      // Decisions: adjust ~10 % of the open recommendations that order something (down 10 %).
      const open: { id: string; qty: string }[] = await data.query(`SELECT id, recommended_qty AS qty FROM reorder_recommendations WHERE run_id = $1 AND status = 'open' AND recommended_qty > 0`, [runId]);
      for (const rec of open) {
        if (unit(`adjust${rec.id}`) < 0.1) await reorder.decideRecommendation(rec.id, 'adjust', 'soak', { quantity: String(Math.floor(Number(rec.qty) * 0.9)), reason: 'soak: 10 % less' });
      }
      // ~60 % of this run's pending POs approved, ~15 % rejected, the rest left pending (superseded by the next run).
      const pending: { id: string }[] = await data.query(`SELECT id FROM purchase_orders WHERE run_id = $1 AND status = 'pending_approval'`, [runId]);
      let approved = 0;
      let rejected = 0;
      for (const po of pending) {
        const u = unit(`po${po.id}`);
        try {
          if (u < 0.6) {
            await reorder.decidePurchaseOrder(po.id, 'approve', 'soak');
            approved++;
          } else if (u < 0.75) {
            await reorder.decidePurchaseOrder(po.id, 'reject', 'soak', 'soak: not now');
            rejected++;
          }
        } catch (error) {
          // A PO whose every line was adjusted to zero cannot be approved: a CONFLICT, as for a person.
          if (!/no lines left/.test((error as Error).message)) throw error;
        }
      }
      // Approved POs arrive after their supplier's lead time.
      const due: { id: string }[] = await data.query(
        `SELECT p.id FROM purchase_orders p JOIN suppliers s ON s.id = p.supplier_id
          WHERE p.status = 'approved' AND p.decided_at + s.default_lead_time_days * interval '1 day' <= $1`,
        [now],
      );
      for (const po of due) await reorder.decidePurchaseOrder(po.id, 'receive', 'soak');

      global.gc?.();
      const api: Memory = process.memoryUsage();
      const work = await ask<WorkerMemory>(worker, { memory: true }, 'memory');
      workerDetail.push(
        `| ${night + 1} | ${[work.rss, work.rssAnon, work.rssFile, work.heapTotal, work.heapUsed, work.external, work.arrayBuffers, work.wasmRss].map((b) => Math.round(b / MB)).join(' | ')} | ${work.wasmMemories} | ${work.threads} | ${Math.round(work.v8Malloced / MB)} / ${Math.round(work.v8PeakMalloced / MB)} |`,
      );
      const [pg] = await data.query(`SELECT count(*)::int AS n FROM pg_stat_activity WHERE datname = current_database()`);
      const keys = await countKeys(redis, `${prefix}:*`);
      const [state] = await data.query(
        `WITH newest AS (SELECT id FROM forecast_runs WHERE status = 'completed' ORDER BY started_at DESC LIMIT 1)
         SELECT (SELECT count(*)::int FROM reorder_recommendations WHERE status = 'open') AS open,
                (SELECT count(*)::int FROM reorder_recommendations WHERE status = 'open' AND run_id <> (SELECT id FROM newest)) AS stale_open,
                (SELECT count(*)::int FROM purchase_orders WHERE status = 'pending_approval') AS pending,
                (SELECT count(*)::int FROM purchase_orders WHERE status = 'pending_approval' AND run_id <> (SELECT id FROM newest)) AS stale_pending`,
      );
      const row = {
        night: night + 1,
        day,
        usage,
        runS: Number(runSeconds.toFixed(1)),
        apiRss: Math.round(api.rss / MB),
        apiHeap: Math.round(api.heapUsed / MB),
        workerRss: Math.round(work.rss / MB),
        workerHeap: Math.round(work.heapUsed / MB),
        pg: pg.n,
        keys,
        open: state.open,
        staleOpen: state.stale_open,
        pending: state.pending,
        stalePending: state.stale_pending,
        approved,
        rejected,
        received: due.length,
      };
      rows.push(row);
      console.log(`| ${Object.values(row).join(' | ')} |`);
    }

    console.log(`\nworker memory after a full GC (MB): rss = anon + file; heap, external and arrayBuffers are the main thread's; wasm = resident part of WebAssembly memories`);
    console.log(`| night | rss | rss anon | rss file | heap total | heap used | external | arrayBuffers | wasm | wasm memories | threads | V8 malloced / peak |`);
    console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
    for (const line of workerDetail) console.log(line);
    if (process.env.MALLOC_ARENA_MAX) console.log(`(MALLOC_ARENA_MAX=${process.env.MALLOC_ARENA_MAX} for both processes)`);

    const verdict = await runtime.app.get(AuditService).verify();
    const [{ entries }] = await data.query(`SELECT count(*)::int AS entries FROM audit_log`);
    console.log(`\naudit chain: ${JSON.stringify(verdict)} (${entries} entries)`);
    const mean = (list: Record<string, string | number>[], key: string) => (list.reduce((s, r) => s + Number(r[key]), 0) / list.length).toFixed(1);
    const first = rows.slice(0, Math.min(10, rows.length));
    const last = rows.slice(-Math.min(10, rows.length));
    console.log(`\n| mean of | API RSS MB | API heap MB | worker RSS MB | worker heap MB | PG sessions | run s |`);
    console.log(`| --- | --- | --- | --- | --- | --- | --- |`);
    for (const [label, list] of [[`nights 1–${first.length}`, first], [`nights ${rows.length - last.length + 1}–${rows.length}`, last]] as const) {
      console.log(`| ${label} | ${mean(list, 'apiRss')} | ${mean(list, 'apiHeap')} | ${mean(list, 'workerRss')} | ${mean(list, 'workerHeap')} | ${mean(list, 'pg')} | ${mean(list, 'runS')} |`);
    }
    const stale = rows.reduce((s, r) => s + Number(r.staleOpen) + Number(r.stalePending), 0);
    console.log(`\nstale open recommendations or pending POs over all nights: ${stale}`);
  } finally {
    if (worker?.connected) await Promise.race([ask(worker, { stop: true }, 'never'), new Promise((r) => setTimeout(r, 5000))]);
    worker?.kill('SIGKILL');
    await runtime.close();
    const stream = redis.scanStream({ match: `${prefix}:*`, count: 1000 });
    for await (const keys of stream) if ((keys as string[]).length) await redis.del(...(keys as string[]));
    redis.disconnect();
    await db.drop();
  }
}

async function countKeys(redis: Redis, match: string): Promise<number> {
  let n = 0;
  for await (const keys of redis.scanStream({ match, count: 1000 })) n += (keys as string[]).length;
  return n;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
