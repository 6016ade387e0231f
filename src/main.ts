import 'reflect-metadata';
import { Logger } from '@nestjs/common';
import { createRuntime, loadConfigOrExit } from './bootstrap';

/** The API process: GraphQL, /health, schedulers (and, in embedded mode, the jobs too). */
async function main() {
  const config = loadConfigOrExit();
  const started = Date.now();
  const runtime = await createRuntime(config, { role: 'api' });
  await runtime.app.listen(config.PORT, config.HOST);
  const url = await runtime.app.getUrl();
  new Logger('NeuroNexus').log(`console on ${url.replace('[::1]', 'localhost')}/, GraphQL on ${url.replace('[::1]', 'localhost')}/graphql (started in ${Date.now() - started} ms)`);
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => void runtime.close().then(() => process.exit(0)));
  }
}

void main();
