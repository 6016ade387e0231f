import 'reflect-metadata';
import { setPriority } from 'node:os';
import { createRuntime, loadConfigOrExit } from './bootstrap';
import { startMetricsServer } from './ops/metrics-server';
import { MetricsService } from './ops/metrics.service';

/**
 * A worker process: takes forecast jobs from Redis (BullMQ). Run as many as needed, on as many
 * machines as needed; PostgreSQL and Redis are the only shared state.
 */
async function main() {
  const config = loadConfigOrExit();
  if (!config.REDIS_URL) {
    process.stderr.write('REDIS_URL: required for a worker (without Redis the API process runs the jobs itself)\n');
    process.exit(78);
  }
  // Before any thread exists (forecast pool, training, libuv): threads inherit the niceness on Linux,
  // so the whole night's CPU yields to an API process on the same host.
  if (config.WORKER_NICE > 0) {
    try {
      setPriority(0, config.WORKER_NICE);
    } catch (error) {
      process.stderr.write(`WORKER_NICE: could not lower the priority (${(error as Error).message}); running at normal priority\n`);
    }
  }
  const runtime = await createRuntime(config, { role: 'worker' });
  const metrics = config.METRICS_PORT ? await startMetricsServer(runtime.app.get(MetricsService), config.METRICS_PORT, config.HOST) : undefined;
  // Always printed (whatever LOG_LEVEL): supervisors and the pipeline bench wait for this line.
  process.stdout.write(`worker ready (concurrency ${config.WORKER_CONCURRENCY})\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void Promise.all([metrics?.close(), runtime.close()]).then(() => process.exit(0)));
  }
}

void main();
