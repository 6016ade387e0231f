import 'reflect-metadata';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { createRuntime } from '../bootstrap';
import { parseConfig } from '../config/config.schema';
import { SCHEMA_FILE, schemaText } from './schema-file';

/**
 * `npm run schema`: boots the API (on a throw-away embedded database unless DATABASE_URL is set)
 * and writes its GraphQL schema to web/schema.graphql, which the console's types come from.
 * test/console.e2e-spec.ts fails while the committed file differs from the app's schema.
 */
async function main() {
  const dataDir = mkdtempSync(join(tmpdir(), 'nn-schema-'));
  const config = parseConfig({ ...process.env, LOG_LEVEL: 'warn', SCHEDULER_ENABLED: 'false', REDIS_URL: '', DATA_DIR: dataDir, JWT_SECRET: 'x'.repeat(32) });
  const runtime = await createRuntime(config, { role: 'api', processJobs: false });
  try {
    await runtime.app.init();
    const out = resolve(process.cwd(), SCHEMA_FILE);
    writeFileSync(out, schemaText(runtime.app));
    console.log(`wrote ${SCHEMA_FILE}`);
  } finally {
    await runtime.close();
    rmSync(dataDir, { recursive: true, force: true });
  }
}

void main().catch((error) => {
  console.error(error);
  process.exit(1);
});
