import { randomBytes } from 'node:crypto';
import { Client } from 'pg';

/** A throwaway database on the local PostgreSQL for one benchmark run (BENCH_PG_URL overrides). */
export async function benchDatabase(label: string): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = process.env.BENCH_PG_URL ?? 'postgres://postgres@127.0.0.1:5432/test';
  const name = `nn_bench_${label}_${randomBytes(3).toString('hex')}`;
  const c = new Client({ connectionString: admin });
  await c.connect();
  await c.query(`CREATE DATABASE ${name}`);
  await c.end();
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    async drop() {
      const d = new Client({ connectionString: admin });
      await d.connect();
      await d.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      await d.end();
    },
  };
}

/** Samples this process's resident memory; `peakMb()` is the highest seen since start. */
export function rssSampler(intervalMs = 25) {
  let peak = process.memoryUsage().rss;
  const timer = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), intervalMs);
  timer.unref();
  return {
    peakMb: () => Math.round(Math.max(peak, process.memoryUsage().rss) / 1048576),
    reset: () => (peak = process.memoryUsage().rss),
    stop: () => clearInterval(timer),
  };
}
