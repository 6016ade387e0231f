/**
 * The daily cycle end to end on PostgreSQL + Redis with one worker process:
 * N demo SKUs × 104 weeks, the run started as the cron would, waited until complete.
 * Three runs: the first bootstraps the global tree model (a new catalog's only training night) and
 * validates every SKU's ensemble weights, the second reuses both (a normal night), the third is a
 * steady-state night a week on (the model aged past MODEL_MAX_AGE_DAYS and every SKU's weights a
 * day old: a seventh re-validated) — nights no longer retrain, so it should cost a normal night
 * plus that validation. Then the weekly retraining job's work (`retrain-model`: two trainings and
 * the walk-forward backtest on a thread) is timed on its own, as the worker would run it.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/pipeline/run.js 1000 [concurrency=4]
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { DataSource } from 'typeorm';
import { createRuntime } from '../../src/bootstrap';
import { parseConfig } from '../../src/config/config.schema';
import { CycleService } from '../../src/cycle/cycle.service';
import { DemoService } from '../../src/inventory/demo.service';
import { GLOBAL_MODEL, LearningService } from '../../src/learning/learning.service';
import { benchDatabase } from '../support/bench-database';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** CPU seconds (user + system, all threads) the process has used so far. */
function cpuSeconds(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) / 100; // utime, stime: fields 14 and 15, in clock ticks (100 Hz)
}

function peakRssMb(pid: number): number {
  const status = readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = Number(/VmHWM:\s+(\d+)/.exec(status)?.[1] ?? 0);
  return Math.round(kb / 1024);
}

async function startWorker(env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const worker = spawn(process.execPath, [join(__dirname, '../../src/worker.js')], { env, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    worker.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker ready')) resolve();
    });
    worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
  return worker;
}

async function main() {
  const skus = Number(process.argv[2] ?? 1000);
  const concurrency = process.argv[3] ?? '4';
  const db = await benchDatabase('pipeline');
  const env = {
    ...process.env,
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: `nn-bench-${randomBytes(3).toString('hex')}`,
    LOG_LEVEL: 'warn',
    SCHEDULER_ENABLED: 'false',
    ROLLOUT_PHASE: 'draft',
    WORKER_CONCURRENCY: concurrency,
    JWT_SECRET: randomBytes(32).toString('hex'),
  };
  const runtime = await createRuntime(parseConfig(env), { role: 'cli' });
  let worker: ChildProcess | undefined;
  try {
    const loadStarted = Date.now();
    await runtime.app.get(DemoService).load({ skus, weeks: 104, seed: 42 });
    console.log(`loaded ${skus} SKUs × 104 weeks in ${((Date.now() - loadStarted) / 1000).toFixed(1)} s`);
    worker = await startWorker(env);
    const pipeline = runtime.app.get(CycleService);
    const dataSource = runtime.app.get(DataSource);
    console.log(`| run | SKUs | wall s | SKUs/s | model training s | mean SKU job ms | succeeded | insufficient | failed | POs | worker CPU s | worker peak RSS MB |`);
    console.log(`| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |`);
    for (const label of ['first (bootstraps the model)', 'second (reuses model)', 'steady-state night a week on (no training)']) {
      if (label.startsWith('steady')) {
        // A later week's night, simulated: the model is 8 days old (before, the night retrained it) and
        // every SKU's weights are a day old, so the SKUs whose weekly validation day is today (about a
        // seventh, forecast/weights-schedule.ts) are validated again, as on any night of a running system.
        await dataSource.query(`UPDATE model_artifacts SET trained_at = trained_at - interval '8 days'`);
        await dataSource.query(`UPDATE forecasts SET weights_from = weights_from - interval '1 day'`);
      }
      const started = Date.now();
      const cpuBefore = cpuSeconds(worker.pid!);
      const runId = await pipeline.startRun('bench', 'bench');
      const stats = (await pipeline.waitForCompletion(runId, { timeoutMs: 30 * 60_000 })) as Record<string, number>;
      const wall = (Date.now() - started) / 1000;
      const cpu = cpuSeconds(worker.pid!) - cpuBefore;
      const [{ training_ms }] = await dataSource.query(`SELECT (metrics->>'trainingMs')::int AS training_ms FROM model_artifacts ORDER BY version DESC LIMIT 1`);
      const [{ mean_ms }] = await dataSource.query(`SELECT round(avg(duration_ms))::int AS mean_ms FROM forecast_run_items WHERE run_id = $1`, [runId]);
      const trained = label.startsWith('first') ? (training_ms / 1000).toFixed(1) : '0 (reused)';
      console.log(
        `| ${label} | ${stats.processed} | ${wall.toFixed(1)} | ${(stats.processed / wall).toFixed(0)} | ${trained} | ${mean_ms} | ${stats.succeeded} | ${stats.insufficientHistory} | ${stats.failed} | ${stats.purchaseOrders} | ${cpu.toFixed(1)} | ${peakRssMb(worker.pid!)} |`,
      );
    }
    // Row size: the forecasts' weeks with the members' means (issue 11) and without them, same rows.
    const [size] = await dataSource.query(
      `SELECT round(avg(pg_column_size(weeks)))::int AS with_members, round(avg(pg_column_size((SELECT jsonb_agg(w - 'members') FROM jsonb_array_elements(weeks) w))))::int AS without,
              round(avg(jsonb_array_length(weeks)))::int AS weeks, round(avg((SELECT count(*) FROM jsonb_object_keys(weeks -> 0 -> 'members'))), 1)::float8 AS members
         FROM forecasts WHERE NOT cold_start`,
    );
    console.log(`forecast row weeks column: ${size.with_members} bytes with member means, ${size.without} without (${size.weeks} weeks × ${size.members} members on average)`);
    const retrainStarted = Date.now();
    const outcome = await runtime.app.get(LearningService).retrainModel(GLOBAL_MODEL, 'bench', ['bench']);
    console.log(`retraining job (challenger + walk-forward backtest + final training, on a thread): ${((Date.now() - retrainStarted) / 1000).toFixed(1)} s — ${outcome.reason}`);
  } finally {
    worker?.kill('SIGTERM');
    await runtime.close();
    await db.drop();
  }
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
