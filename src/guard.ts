import 'reflect-metadata';
import { guardConfigOrExit, startGuard } from './ops/guard-runner';

/**
 * The ops guard process (`npm run start:guard`, or `neuronexus guard`): watches HEALTH_URL from
 * outside the API, rolls back, alerts and opens incidents. It boots no Nest application and loads
 * no models, so it runs anywhere that can reach the API (and, for incident rows, the database).
 */
function main() {
  const running = startGuard(guardConfigOrExit());
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void running.close().then(() => process.exit(0)));
  }
}

main();
