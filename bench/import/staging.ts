/**
 * The usage import's staging alone: N lines (line, item id, day, quantity) into a temp table,
 * by the two ways usage.repository.ts has — multi-row INSERTs of `unnest`ed arrays (5,000 lines
 * each, what PGlite gets) and COPY … FROM STDIN (PostgreSQL) — alternated in one process on a
 * throwaway database. Wall time and this process's CPU per way.
 *
 *   node bin/build.js && node dist/bench/import/staging.js [lines=1000000] [pairs=2]
 */
import { randomUUID } from 'node:crypto';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { Client } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { benchDatabase } from '../support/bench-database';

const BATCH = 5000;

async function main() {
  const lines = Number(process.argv[2] ?? 1_000_000);
  const pairs = Number(process.argv[3] ?? 2);
  const db = await benchDatabase('staging');
  const client = new Client({ connectionString: db.url });
  await client.connect();
  const ids = Array.from({ length: 10_000 }, () => randomUUID());
  const days = Array.from({ length: Math.ceil(lines / ids.length) }, (_, d) => new Date(Date.UTC(2024, 0, 1 + d)).toISOString().slice(0, 10));
  const row = (i: number) => [i + 2, ids[i % ids.length], days[Math.floor(i / ids.length)], String((i % 17) + 0.5)] as const;
  const ways: Record<string, () => Promise<void>> = {
    insert: async () => {
      for (let b = 0; b < lines; b += BATCH) {
        const cols: [number[], string[], string[], string[]] = [[], [], [], []];
        for (let i = b; i < Math.min(b + BATCH, lines); i++) row(i).forEach((v, c) => (cols[c] as unknown[]).push(v));
        await client.query(`INSERT INTO usage_staging SELECT * FROM unnest($1::int[], $2::uuid[], $3::date[], $4::numeric[])`, cols);
      }
    },
    copy: async () => {
      async function* text() {
        for (let b = 0; b < lines; b += BATCH) {
          let chunk = '';
          for (let i = b; i < Math.min(b + BATCH, lines); i++) chunk += `${row(i).join('\t')}\n`;
          yield chunk;
        }
      }
      await pipeline(Readable.from(text()), client.query(copyFrom(`COPY usage_staging FROM STDIN`)));
    },
  };
  try {
    console.log(`| pair | way | lines | wall s | node CPU s |`);
    console.log(`| --- | --- | --- | --- | --- |`);
    for (let pair = 1; pair <= pairs; pair++) {
      for (const [name, stage] of Object.entries(ways)) {
        await client.query('BEGIN');
        await client.query(`CREATE TEMP TABLE usage_staging (line integer NOT NULL, item_id uuid NOT NULL, day date NOT NULL, quantity numeric(14,3) NOT NULL) ON COMMIT DROP`);
        const started = process.hrtime.bigint();
        const cpu = process.cpuUsage();
        await stage();
        const seconds = Number(process.hrtime.bigint() - started) / 1e9;
        const used = process.cpuUsage(cpu);
        const [{ n }] = (await client.query(`SELECT count(*)::int AS n FROM usage_staging`)).rows;
        if (n !== lines) throw new Error(`${name}: ${n} lines staged`);
        await client.query('ROLLBACK');
        console.log(`| ${pair} | ${name} | ${lines.toLocaleString('en')} | ${seconds.toFixed(2)} | ${((used.user + used.system) / 1e6).toFixed(2)} |`);
      }
    }
  } finally {
    await client.end();
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
