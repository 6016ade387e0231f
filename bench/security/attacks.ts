/**
 * The attacks of issue 8 against the real API on PostgreSQL + Redis (a throwaway database):
 *   1. refused queries — the 1,000-alias bomb, a 20-deep query, a query over the cost limit —
 *      how long each refusal takes, and the latency of a normal read right after;
 *   2. 30 parallel bad logins for one user from one address: how many reach the password check;
 *   3. read throughput (4 readers in a loop) with and without 10 concurrent logins (different
 *      names, right passwords) repeated in rounds;
 *   4. refresh-token rotation throughput: one chain, and 10 chains in parallel.
 *
 *   node bin/build.js && node dist/bench/security/attacks.js [--items 200] [--seconds 5]
 */
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { AddressInfo } from 'node:net';
import { createRuntime } from '../../src/bootstrap';
import { parseConfig } from '../../src/config/config.schema';
import { AuthService } from '../../src/security/auth.service';
import { benchDatabase } from '../support/bench-database';

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const round = (x: number) => Math.round(x * 10) / 10;
const READ = '{ items(first: 20) { nodes { sku name onHand } } }';
const PASSWORD = 'Correct-horse-42';

async function main() {
  const items = option('items', 200);
  const seconds = option('seconds', 5);
  const db = await benchDatabase('security');
  const prefix = `nn-bench-${randomBytes(3).toString('hex')}`;
  const config = parseConfig({ DATABASE_URL: db.url, REDIS_URL: process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379', QUEUE_PREFIX: prefix, LOG_LEVEL: 'error', SCHEDULER_ENABLED: 'false', JWT_SECRET: randomBytes(32).toString('hex') });
  const runtime = await createRuntime(config, { role: 'api', processJobs: false });
  const app = runtime.app as INestApplication;
  await app.listen(0, '127.0.0.1');
  const url = `http://127.0.0.1:${(app.getHttpServer().address() as AddressInfo).port}/graphql`;
  const gql = async (query: string, variables?: Record<string, unknown>, token?: string) => {
    const response = await fetch(url, { method: 'POST', headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) }, body: JSON.stringify({ query, variables }) });
    return (await response.json()) as { data?: any; errors?: { message: string; extensions?: { code?: string } }[] };
  };
  const timed = async <T>(work: () => Promise<T>) => {
    const started = performance.now();
    const result = await work();
    return { result, ms: performance.now() - started };
  };
  try {
    const auth = app.get(AuthService);
    const names = ['admin', 'victim', ...Array.from({ length: 10 }, (_, i) => `user${i}`)];
    for (const name of names) await auth.createUser(name, PASSWORD, name === 'admin' ? 'admin' : 'viewer');
    const login = async (u: string) => (await gql(`mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken refreshToken } }`, { u, p: PASSWORD })).data?.login as { accessToken: string; refreshToken: string };
    const admin = (await login('admin')).accessToken;
    await gql(`mutation { upsertSuppliers(suppliers: [{ name: "Acme", defaultLeadTimeDays: 7 }]) { name } }`, undefined, admin);
    const catalog = Array.from({ length: items }, (_, i) => ({ sku: `S-${String(i).padStart(5, '0')}`, name: `Item ${i}`, unitCost: '2.50', onHand: '10', supplier: 'Acme' }));
    await gql(`mutation($items: [ItemInput!]!) { upsertItems(items: $items) { inserted } }`, { items: catalog }, admin);
    const viewer = (await login('user0')).accessToken;
    console.log(`catalog ${items} items; load average ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);

    // 1. Refused queries and the read right after.
    const baselineMs: number[] = [];
    for (let i = 0; i < 10; i++) baselineMs.push((await timed(() => gql(READ, undefined, viewer))).ms);
    const baseline = median(baselineMs);
    const attacks = {
      'alias bomb (1,000 aliases of items(first: 500) with supplier and recentUsage(weeks: 156))': `{ ${Array.from({ length: 1000 }, (_, i) => `a${i}: items(first: 500) { nodes { sku name supplier { name } recentUsage(weeks: 156) { weekStart quantity } } }`).join(' ')} }`,
      'deep (21 levels: __schema types fields type, 16 × ofType, name)': `{ __schema { types { fields { type ${'{ ofType '.repeat(16)}{ name }${' }'.repeat(16)} } } } }`,
      'over the cost limit (3 × items(first: 500) × recentUsage(weeks: 156))': `{ ${[1, 2, 3].map((i) => `a${i}: items(first: 500) { nodes { sku recentUsage(weeks: 156) { quantity } } }`).join(' ')} }`,
    };
    for (const [name, query] of Object.entries(attacks)) {
      const refusals: number[] = [];
      const after: number[] = [];
      let code: string | undefined;
      let message = '';
      for (let i = 0; i < 5; i++) {
        const refused = await timed(() => gql(query, undefined, viewer));
        code = refused.result.errors?.[0]?.extensions?.code;
        message = refused.result.errors?.[0]?.message ?? 'not refused';
        refusals.push(refused.ms);
        after.push((await timed(() => gql(READ, undefined, viewer))).ms);
      }
      console.log(`${name}: ${code} (${message.slice(0, 90)}); refused in median ${round(median(refusals))} ms (max ${round(Math.max(...refusals))}); the next read ${round(median(after))} ms (baseline ${round(baseline)} ms)`);
    }

    // 2. 30 parallel bad logins for one name from one address.
    const burst30 = await timed(() => Promise.all(Array.from({ length: 30 }, () => gql(`mutation { login(username: "victim", password: "wrong-password-123") { accessToken } }`))));
    const bad = burst30.result;
    const codes = bad.map((r) => r.errors?.[0]?.extensions?.code ?? 'OK');
    const reached = codes.filter((c) => c === 'UNAUTHENTICATED').length;
    console.log(`30 parallel bad logins: ${reached} reached the password check (UNAUTHENTICATED), ${codes.filter((c) => c === 'TOO_MANY_REQUESTS').length} refused before it (TOO_MANY_REQUESTS); the burst took ${round(burst30.ms)} ms (5 attempts are free, then 1 s, 2 s, 4 s … between attempts)`);

    // 3. Reads per second, without and with 10 concurrent logins.
    const readsFor = async (ms: number) => {
      let reads = 0;
      const end = performance.now() + ms;
      await Promise.all(Array.from({ length: 4 }, async () => {
        while (performance.now() < end) {
          await gql(READ, undefined, viewer);
          reads++;
        }
      }));
      return reads / (ms / 1000);
    };
    const { monitorEventLoopDelay } = await import('node:perf_hooks');
    const loop = monitorEventLoopDelay({ resolution: 10 });
    loop.enable();
    const quiet = await readsFor(seconds * 1000);
    const quietLoop = { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
    loop.reset();
    let logins = 0;
    let loginMs = 0;
    const burstEnd = performance.now() + seconds * 1000;
    const burst = (async () => {
      // Rounds of 10 concurrent logins (different names, right passwords); at most 8 rounds (the per-address allowance is 100).
      for (let r = 0; r < 8 && performance.now() < burstEnd; r++) {
        const started = performance.now();
        await Promise.all(Array.from({ length: 10 }, (_, i) => login(`user${i}`)));
        loginMs += performance.now() - started;
        logins += 10;
      }
    })();
    const loud = await readsFor(seconds * 1000);
    await burst;
    const loudLoop = { p99: loop.percentile(99) / 1e6, max: loop.max / 1e6 };
    loop.disable();
    console.log(`reads/s (4 readers, ${seconds} s): ${round(quiet)} quiet, ${round(loud)} during ${logins} logins in rounds of 10 concurrent (a round took ${round(loginMs / Math.max(1, logins / 10))} ms); the API's event-loop delay p99/max ${round(quietLoop.p99)}/${round(quietLoop.max)} ms quiet, ${round(loudLoop.p99)}/${round(loudLoop.max)} ms during the logins`);

    // 4. Refresh rotation.
    const chain = async (ms: number, user: string) => {
      let token = (await login(user)).refreshToken;
      let n = 0;
      const end = performance.now() + ms;
      while (performance.now() < end) {
        const next = await gql(`mutation($r: String!) { refreshSession(refreshToken: $r) { refreshToken } }`, { r: token });
        if (!next.data) throw new Error(`refresh failed: ${JSON.stringify(next.errors)}`);
        token = next.data.refreshSession.refreshToken;
        n++;
      }
      return n;
    };
    const one = await chain(seconds * 1000, 'user1');
    const ten = await Promise.all(Array.from({ length: 10 }, (_, i) => chain(seconds * 1000, `user${i}`)));
    const total = ten.reduce((a, b) => a + b, 0);
    console.log(`refresh rotation: ${round(one / seconds)} /s on one chain; ${round(total / seconds)} /s over 10 parallel chains`);
    console.log(`load average at the end ${(await import('node:os')).loadavg().map((x) => x.toFixed(2)).join(' ')}`);
  } finally {
    await runtime.close();
    await db.drop();
    const { Redis } = await import('ioredis');
    const redis = new Redis(process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379');
    const keys = await redis.keys(`${prefix}:*`);
    if (keys.length) await redis.del(...keys);
    redis.disconnect();
  }
}

void main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
