import 'reflect-metadata';
import { createRuntime, loadConfigOrExit } from './bootstrap';

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
  const runtime = await createRuntime(config, { role: 'worker' });
  // Always printed (whatever LOG_LEVEL): supervisors and the pipeline bench wait for this line.
  process.stdout.write(`worker ready (concurrency ${config.WORKER_CONCURRENCY})\n`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void runtime.close().then(() => process.exit(0)));
  }
}

void main();
