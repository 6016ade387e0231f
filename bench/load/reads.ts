/**
 * Typical GraphQL reads under load (issue 9): autocannon, 10 connections, against the real API
 * on PostgreSQL with the demo catalog and one finished cycle, idle. Three requests in turn:
 * items(first: 50) with each item's supplier, recommendations(first: 50), forecast(sku).
 * Prints latency percentiles, throughput and errors per request kind, then all together.
 *
 *   npx tsc -p tsconfig.build.json && node dist/bench/load/reads.js [--skus 500] [--seconds 30] [--connections 10]
 */
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import autocannon from 'autocannon';
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { createRuntime } from '../../src/bootstrap';
import { parseConfig } from '../../src/config/config.schema';
import { CycleService } from '../../src/cycle/cycle.service';
import { DemoService } from '../../src/inventory/demo.service';
import { AuthService } from '../../src/security/auth.service';
import { benchDatabase } from '../support/bench-database';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const READS = {
  items: '{ items(first: 50) { totalCount pageInfo { endCursor hasNextPage } nodes { sku name onHand abcClass supplier { name defaultLeadTimeDays } } } }',
  recommendations: '{ recommendations(first: 50) { nodes { id sku recommendedQty reorderPoint safetyStock priority status } pageInfo { endCursor hasNextPage } } }',
  forecast: '{ forecast(sku: "SKU-00042") { model totalMean totalP90 weeks { weekStart mean p90 } } }',
};

async function load(url: string, token: string, body: string, seconds: number, connections: number) {
  const result = await autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
    body,
  });
  return result;
}

async function main() {
  const skus = option('skus', 500);
  const seconds = option('seconds', 30);
  const connections = option('connections', 10);
  const db = await benchDatabase('load');
  const config = parseConfig({ DATABASE_URL: db.url, LOG_LEVEL: 'warn', SCHEDULER_ENABLED: 'false', JWT_SECRET: randomBytes(32).toString('hex') });
  // The data first, as `npm run cli -- demo` and `run-pipeline` make it; then the API alone, idle.
  const cli = await createRuntime(config, { role: 'cli', processJobs: true });
  try {
    await cli.app.get(DemoService).load({ skus, weeks: 104, seed: 42 });
    const cycle = cli.app.get(CycleService);
    await cycle.waitForCompletion(await cycle.startRun('bench', 'bench'), { timeoutMs: 30 * 60_000 });
  } finally {
    await cli.close();
  }
  const runtime = await createRuntime(config, { role: 'api', processJobs: false });
  const app = runtime.app as INestApplication;
  try {
    await app.listen(0, '127.0.0.1');
    const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}`;
    const password = randomBytes(12).toString('hex');
    await app.get(AuthService).createUser('bench', password, 'viewer');
    const login = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: `mutation { login(username: "bench", password: "${password}") { accessToken } }` }),
    });
    const token = ((await login.json()) as { data: { login: { accessToken: string } } }).data.login.accessToken;
    // Every read answers data, not errors, before it is timed.
    for (const [name, query] of Object.entries(READS)) {
      const check = (await (await fetch(`${url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` }, body: JSON.stringify({ query }) })).json()) as { errors?: unknown };
      if (check.errors) throw new Error(`${name}: ${JSON.stringify(check.errors)}`);
    }
    console.log(`${skus} SKUs, ${connections} connections, ${seconds} s per read, idle\n`);
    console.log('| read | req/s | p50 ms | p90 ms | p99 ms | max ms | errors / non-2xx |');
    console.log('| --- | --- | --- | --- | --- | --- | --- |');
    for (const [name, query] of Object.entries(READS)) {
      const r = await load(url, token, JSON.stringify({ query }), seconds, connections);
      console.log(`| ${name} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p90} | ${r.latency.p99} | ${r.latency.max} | ${r.errors} / ${r.non2xx} |`);
    }
  } finally {
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
