/**
 * Typical GraphQL reads under load (issue 9): autocannon from npm, 10 connections, against the API
 * run as its own process (`dist/src/main.js`, as in production) on PostgreSQL + Redis with the demo
 * catalog and one finished cycle. Three reads, one after the other: items(first: 50) with each
 * item's supplier, recommendations(first: 50), forecast(sku). Three scenarios:
 *
 * - `idle`: nothing else happens;
 * - `run`: a nightly cycle over the whole catalog is in progress, processed by a worker in its own
 *   process (as bench/pipeline runs it); when a run completes the next one starts, so every read is
 *   measured during a run;
 * - `logins`: a burst of `login` mutations (their own autocannon, `--login-connections`) at the same time,
 *   each burst starting with the login throttle's counts cleared (so its first 100 attempts hash a password).
 *
 * `--baseline DIR`: also starts the API built in DIR (another checkout's root, built with
 * `node bin/build.js`: e.g. a `git worktree` of an older commit) on the same database, and measures
 * it just before this build's API in each scenario, read by read, so both see the same machine load.
 * `--database URL`: an existing database with a catalog and a finished cycle (kept), instead of a new
 * one with `--skus` demo SKUs; `--reads items,forecast`: only these reads.
 * `--profile DIR`: each API runs with `node --cpu-prof --cpu-prof-dir DIR/<before|after|this>` (the
 * profile is written when the bench stops it); `node dist/bench/load/profile-summary.js
 * DIR/after/*.cpuprofile REQUESTS` breaks it down.
 *
 * The read cache (src/read-cache/) answers repeated reads from memory; `cache served / executed`
 * says how many answers came from it. `READ_CACHE_ENTRIES=0 node dist/bench/load/reads.js …`
 * measures the API with it off (every read executed).
 *
 *   node bin/build.js && node dist/bench/load/reads.js [--skus 10000] [--seconds 30] [--connections 10]
 *     [--scenarios idle,run,logins] [--login-connections 10] [--baseline DIR] [--profile DIR]
 *     [--database URL] [--reads items,recommendations,forecast]
 */
import 'reflect-metadata';
import autocannon from 'autocannon';
import { Redis } from 'ioredis';
import { ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { createRuntime } from '../../src/bootstrap';
import { parseConfig } from '../../src/config/config.schema';
import { CycleService } from '../../src/cycle/cycle.service';
import { DemoService } from '../../src/inventory/demo.service';
import { AuthService } from '../../src/security/auth.service';
import { benchDatabase } from '../support/bench-database';

const REDIS_URL = process.env.BENCH_REDIS_URL ?? 'redis://127.0.0.1:6379';

function option(name: string, fallback: string): string {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? process.argv[at + 1] : fallback;
}

export const READS = {
  items: '{ items(first: 50) { totalCount pageInfo { endCursor hasNextPage } nodes { sku name onHand abcClass supplier { name defaultLeadTimeDays } } } }',
  recommendations: '{ recommendations(first: 50) { nodes { id sku recommendedQty reorderPoint safetyStock priority status } pageInfo { endCursor hasNextPage } } }',
  forecast: '{ forecast(sku: "SKU-00042") { model totalMean totalP90 weeks { weekStart mean p90 } } }',
};

const load1 = () => loadavg()[0].toFixed(1);

/** A process's CPU time so far (user + system), in ms, from /proc (Linux; clock ticks of 10 ms). */
function cpuMs(pid: number): number {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1].split(' ');
  return (Number(fields[11]) + Number(fields[12])) * 10;
}

async function freePort(): Promise<number> {
  return new Promise((done, fail) => {
    const server = createServer();
    server.once('error', fail);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as { port: number };
      server.close(() => done(port));
    });
  });
}

/** Starts `node <root>/dist/src/<entry>.js` and waits until `ready()` says so. */
async function startProcess(root: string, entry: string, env: NodeJS.ProcessEnv, nodeArgs: string[], ready: () => Promise<boolean>): Promise<ChildProcess> {
  const child = spawn(process.execPath, [...nodeArgs, join(root, 'dist/src', `${entry}.js`)], { env, stdio: ['ignore', 'ignore', 'inherit'] });
  let exited: number | null = null;
  child.once('exit', (code) => (exited = code ?? -1));
  const deadline = Date.now() + 120_000;
  while (!(await ready().catch(() => false))) {
    if (exited !== null) throw new Error(`${entry} (${root}) exited with ${exited}`);
    if (Date.now() > deadline) throw new Error(`${entry} (${root}) not ready after 120 s`);
    await new Promise((r) => setTimeout(r, 250));
  }
  return child;
}

async function stopProcess(child: ChildProcess): Promise<void> {
  if (child.exitCode !== null) return;
  const exited = new Promise((r) => child.once('exit', r));
  child.kill('SIGTERM');
  await Promise.race([exited, new Promise((r) => setTimeout(r, 30_000))]);
}

/** The read cache's answers so far (hits + joined, misses), from the API's /metrics; undefined for a build without the cache. */
async function cacheEvents(url: string): Promise<{ served: number; executed: number } | undefined> {
  const text = await (await fetch(`${url}/metrics`)).text().catch(() => '');
  const count = (event: string) => Number(new RegExp(`^neuronexus_read_cache_events_total\\{event="${event}"\\} (\\d+)$`, 'm').exec(text)?.[1] ?? NaN);
  const [hits, joined, misses] = [count('hits'), count('joined'), count('misses')];
  if (Number.isNaN(hits)) return undefined;
  return { served: hits + joined, executed: misses - joined };
}

async function graphql(url: string, query: string, token?: string): Promise<{ data?: Record<string, unknown>; errors?: unknown[] }> {
  const response = await fetch(`${url}/graphql`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
    body: JSON.stringify({ query }),
  });
  return (await response.json()) as { data?: Record<string, unknown>; errors?: unknown[] };
}

interface Api {
  label: string;
  url: string;
  token: string;
  process: ChildProcess;
  prefix: string;
  /** Requests answered in the scenarios (for CPU per request from a profile). */
  requests: number;
}

/** autocannon; a response whose body carries GraphQL `errors` counts as a mismatch. */
function cannon(url: string, body: string, seconds: number, connections: number, headers: Record<string, string>) {
  return autocannon({
    url: `${url}/graphql`,
    method: 'POST',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json', ...headers },
    body,
    verifyBody: (text: string) => !text.includes('"errors":'),
  } as autocannon.Options);
}

async function main() {
  const skus = Number(option('skus', '10000'));
  const seconds = Number(option('seconds', '30'));
  const connections = Number(option('connections', '10'));
  const loginConnections = Number(option('login-connections', '10'));
  const scenarios = option('scenarios', 'idle,run,logins').split(',');
  const baseline = option('baseline', '');
  const profileDir = option('profile', '');
  const here = resolve(__dirname, '../../..');

  const reuse = option('database', '');
  const readNames = option('reads', Object.keys(READS).join(',')).split(',') as (keyof typeof READS)[];
  const db = reuse ? { url: reuse, drop: async () => undefined } : await benchDatabase('load');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATABASE_URL: db.url,
    REDIS_URL,
    QUEUE_PREFIX: `nn-bench-${randomBytes(3).toString('hex')}`,
    LOG_LEVEL: 'warn',
    SCHEDULER_ENABLED: 'false',
    ROLLOUT_PHASE: 'draft',
    JWT_SECRET: randomBytes(32).toString('hex'),
    AUDIT_HMAC_KEY: randomBytes(32).toString('hex'),
    NODE_ENV: 'production',
  };
  // The data and the first cycle (it trains the global model) with this build; the worker is its own process.
  const cli = await createRuntime(parseConfig(env), { role: 'cli', processJobs: false });
  const children: ChildProcess[] = [];
  const apis: Api[] = [];
  try {
    let started = Date.now();
    if (!reuse) {
      await cli.app.get(DemoService).load({ skus, weeks: 104, seed: 42 });
      console.log(`loaded ${skus} SKUs × 104 weeks in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const worker = await startWorker(here, env);
    children.push(worker);
    const cycle = cli.app.get(CycleService);
    if (!reuse) {
      started = Date.now();
      await cycle.waitForCompletion(await cycle.startRun('manual', 'bench', { force: true }), { timeoutMs: 30 * 60_000 });
      console.log(`first cycle (trains the model) in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    }
    const auth = cli.app.get(AuthService);
    const password = randomBytes(12).toString('hex');
    await auth.createUser('bench', password, 'viewer');
    await auth.createUser('burst', password, 'viewer');

    // The APIs: the baseline's first, so in each pair it is measured first.
    const profile = (label: string) => (profileDir ? ['--cpu-prof', '--cpu-prof-dir', join(resolve(profileDir), label.replace(/\W/g, ''))] : []);
    const builds = [...(baseline ? [{ label: 'before', root: resolve(baseline), args: profile('before') }] : []), { label: baseline ? 'after' : 'this build', root: here, args: profile(baseline ? 'after' : 'this') }];
    for (const build of builds) {
      const port = await freePort();
      const url = `http://127.0.0.1:${port}`;
      // LOG_LEVEL log, as in production: one JSON line per request (to /dev/null here).
      // Its own Redis prefix: the login throttle's counts are per API, so each burst below starts alike.
      const prefix = `${env.QUEUE_PREFIX}-${build.label.replace(/\W/g, '')}`;
      const child = await startProcess(build.root, 'main', { ...env, PORT: String(port), HOST: '127.0.0.1', LOG_LEVEL: 'log', QUEUE_PREFIX: prefix }, build.args, async () => (await fetch(`${url}/health/live`)).ok);
      children.push(child);
      const login = await graphql(url, `mutation { login(username: "bench", password: "${password}") { accessToken } }`);
      const token = (login.data?.login as { accessToken: string } | undefined)?.accessToken;
      if (!token) throw new Error(`${build.label}: login failed: ${JSON.stringify(login.errors)}`);
      // Every read answers data, not errors, before it is timed.
      for (const [name, query] of Object.entries(READS)) {
        const check = await graphql(url, query, token);
        if (check.errors) throw new Error(`${build.label} ${name}: ${JSON.stringify(check.errors)}`);
      }
      apis.push({ label: build.label, url, token, process: child, prefix, requests: 0 });
    }

    console.log(`\n${reuse ? 'existing database' : `${skus} SKUs`}, ${connections} connections, ${seconds} s per read; load average at the start ${loadavg().map((l) => l.toFixed(1)).join(' ')}\n`);
    // API CPU ms/request: the API process's user + system CPU over the requests it answered (logins included in `logins`).
    // cache: answers served from the read cache / executed (a build without the cache: —).
    console.log('| scenario | API | read | API CPU ms/req | req/s | p50 ms | p90 ms | p99 ms | max ms | errors / non-2xx / GraphQL errors | cache served / executed | load avg (1 min) |');
    console.log('| --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- | --- |');
    for (const scenario of scenarios) {
      const during = scenario === 'run' ? keepRunning(cycle) : undefined;
      if (during) await during.firstStarted;
      const loginResults: string[] = [];
      for (const name of readNames) {
        const query = READS[name];
        for (const api of apis) {
          const reads = cannon(api.url, JSON.stringify({ query }), seconds, connections, { authorization: `Bearer ${api.token}` });
          const logins =
            scenario === 'logins'
              ? cannon(api.url, JSON.stringify({ query: `mutation { login(username: "burst", password: "${password}") { accessToken } }` }), seconds, loginConnections, {})
              : undefined;
          // Every burst starts with a fresh login throttle (its free attempts: scrypt runs), as a first burst would.
          if (scenario === 'logins') await forgetLoginAttempts(api.prefix);
          const cacheBefore = await cacheEvents(api.url);
          const cpuBefore = cpuMs(api.process.pid!);
          const [r, l] = await Promise.all([reads, logins]);
          const cacheAfter = await cacheEvents(api.url);
          const cache = cacheBefore && cacheAfter ? `${cacheAfter.served - cacheBefore.served} / ${cacheAfter.executed - cacheBefore.executed}` : '—';
          const cpuPerRead = (cpuMs(api.process.pid!) - cpuBefore) / (r.requests.total + (l?.requests.total ?? 0));
          api.requests += r.requests.total + (l?.requests.total ?? 0);
          console.log(`| ${scenario} | ${api.label} | ${name} | ${cpuPerRead.toFixed(2)} | ${r.requests.average.toFixed(0)} | ${r.latency.p50} | ${r.latency.p90} | ${r.latency.p99} | ${r.latency.max} | ${r.errors} / ${r.non2xx} / ${(r as unknown as { mismatches: number }).mismatches} | ${cache} | ${load1()} |`);
          if (l) loginResults.push(`${api.label}/${name}: ${l.requests.total} logins (${Object.entries(l.statusCodeStats ?? {}).map(([code, s]) => `${s.count}× ${code}`).join(', ')}; ${(l as unknown as { mismatches: number }).mismatches} with GraphQL errors), p50 ${l.latency.p50} ms, p99 ${l.latency.p99} ms`);
        }
      }
      if (during) console.log(`| ${scenario} | | (runs during the reads: ${await during.stop()}) | | | | | | | | | |`);
      for (const line of loginResults) console.log(`| ${scenario} | | login burst ${line} | | | | | | | | | |`);
    }
    for (const api of apis) console.log(`${api.label}: ${api.requests} requests answered in the scenarios`);
    console.log(`\nload average at the end ${loadavg().map((l) => l.toFixed(1)).join(' ')}`);
  } finally {
    for (const child of children.reverse()) await stopProcess(child);
    await cli.close();
    await db.drop();
  }
}

async function forgetLoginAttempts(prefix: string): Promise<void> {
  const redis = new Redis(REDIS_URL, { lazyConnect: true });
  await redis.connect();
  try {
    const keys = await redis.keys(`${prefix}:login:*`);
    if (keys.length) await redis.del(...keys);
  } finally {
    redis.disconnect();
  }
}

/** Keeps a cycle in progress: starts one, and the next when it completes, until stopped. */
function keepRunning(cycle: CycleService): { firstStarted: Promise<void>; stop(): Promise<string> } {
  let stopping = false;
  let markStarted = () => {};
  const firstStarted = new Promise<void>((r) => (markStarted = r));
  const finished: string[] = [];
  const loop = (async () => {
    while (!stopping) {
      const started = Date.now();
      const runId = await cycle.startRun('manual', 'bench', { force: true });
      markStarted();
      const stats = (await cycle.waitForCompletion(runId, { timeoutMs: 30 * 60_000 })) as Record<string, number>;
      finished.push(`${stats.processed} SKUs in ${((Date.now() - started) / 1000).toFixed(0)} s`);
    }
  })();
  return {
    firstStarted,
    async stop() {
      stopping = true;
      await loop;
      return finished.join('; ');
    },
  };
}

async function startWorker(root: string, env: NodeJS.ProcessEnv): Promise<ChildProcess> {
  const worker = spawn(process.execPath, [join(root, 'dist/src/worker.js')], { env: { ...env, WORKER_CONCURRENCY: '4' }, stdio: ['ignore', 'pipe', 'inherit'] });
  await new Promise<void>((resolve, reject) => {
    worker.stdout!.on('data', (chunk: Buffer) => {
      if (chunk.toString().includes('worker ready')) resolve();
    });
    worker.once('exit', (code) => reject(new Error(`worker exited with ${code}`)));
  });
  worker.stdout!.resume();
  return worker;
}

main().then(
  () => process.exit(0),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
