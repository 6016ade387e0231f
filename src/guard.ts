import 'reflect-metadata';
import { loadConfigOrExit } from './bootstrap';
import { startGuard } from './ops/guard-runner';

/**
 * The ops guard process (`npm run start:guard`, or `npm run cli -- guard`): watches HEALTH_URL
 * from outside the API, rolls back, alerts and opens incidents. Runs anywhere that can reach the
 * API (and, for incident rows, the database).
 */
function main() {
  const config = loadConfigOrExit();
  if (!config.HEALTH_URL) {
    process.stderr.write('HEALTH_URL: required for the guard (e.g. http://api:3000/health)\n');
    process.exit(78);
  }
  const running = startGuard(config);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void running.close().then(() => process.exit(0)));
  }
}

main();
