/**
 * The CLI commands that need the application: they start a Nest context (database, queues,
 * services) through bootstrap.ts. src/cli.ts loads this file only when one of them is asked for.
 */
import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { randomBytes } from 'node:crypto';
import { createReadStream, createWriteStream, existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import { createRuntime, loadConfigOrExit, Runtime } from '../bootstrap';
import { checkFlags, intFlag, ParsedArgs, stringFlag, UsageError } from './args';
import { readStdin } from './stdin';
import { BadInputError } from '../common/errors';
import { AuditService } from '../audit/audit.service';
import { verifyExportLines } from '../audit/export-file';
import { CycleService } from '../cycle/cycle.service';
import { DemoService } from '../inventory/demo.service';
import { formatImportReport, ImportService } from '../inventory/import.service';
import { AuthService } from '../security/auth.service';
import { Role, roles } from '../security/user.entity';

export type Command = (args: ParsedArgs) => Promise<number>;

async function withRuntime<T>(work: (runtime: Runtime) => Promise<T>): Promise<T> {
  const runtime = await createRuntime(loadConfigOrExit(), { role: 'cli' });
  try {
    return await work(runtime);
  } finally {
    await runtime.close();
  }
}

/** The commands that start the application context (database, queues); cli.ts loads this file only for them. */
export const serviceCommands: Record<string, Command> = {
  async migrate(args) {
    checkFlags(args, []);
    // Migrations run at start-up (MIGRATIONS_RUN, default true); starting the context applies them.
    await withRuntime(async () => undefined);
    console.log('migrations applied');
    return 0;
  },

  async demo(args) {
    checkFlags(args, ['skus', 'weeks', 'seed', 'force']);
    const options = { skus: intFlag(args, 'skus', 500, 1, 100000), weeks: intFlag(args, 'weeks', 104, 1, 520), seed: intFlag(args, 'seed', 42, 0, 2 ** 31), force: args.flags.has('force') };
    const result = await withRuntime((rt) => rt.app.get(DemoService).load(options));
    console.log(result.loaded ? `demo catalog loaded: ${result.suppliers} suppliers, ${result.items} items, ${result.usageRows} weekly usage rows` : `catalog already has ${result.items} items; nothing loaded (use --force to reload)`);
    return 0;
  },

  async 'serve-demo'(args) {
    checkFlags(args, []);
    const config = loadConfigOrExit();
    const runtime = await createRuntime(config, { role: 'api' });
    const demo = await runtime.app.get(DemoService).load({ skus: 500, weeks: 104, seed: 42 });
    if (demo.loaded) console.log(`demo catalog loaded: ${demo.suppliers} suppliers, ${demo.items} items, ${demo.usageRows} weekly usage rows`);
    const auth = runtime.app.get(AuthService);
    let passwordNote: string;
    if (config.DEMO_ADMIN_PASSWORD) {
      await auth.createUser('admin', config.DEMO_ADMIN_PASSWORD, 'admin');
      passwordNote = 'the password in DEMO_ADMIN_PASSWORD';
    } else if (!(await auth.userExists('admin'))) {
      const password = randomBytes(12).toString('base64url');
      await auth.createUser('admin', password, 'admin');
      passwordNote = `password ${password}  (shown once; reset with: echo NEW | npm run cli -- create-user admin --role admin)`;
    } else passwordNote = 'the password printed when it was created (reset with: echo NEW | npm run cli -- create-user admin --role admin)';
    const app = runtime.app as INestApplication;
    await app.listen(config.PORT, config.HOST);
    const url = (await app.getUrl()).replace('[::1]', 'localhost').replace('127.0.0.1', 'localhost');
    console.log(`\nNeuroNexus console: ${url}/`);
    console.log(`GraphQL API: ${url}/graphql  (health: ${url}/health)`);
    console.log(`log in as admin with ${passwordNote}:`);
    console.log(`  curl -s ${url}/graphql -H 'content-type: application/json' -d '{"query":"mutation { login(username: \\"admin\\", password: \\"…\\") { accessToken } }"}'`);
    for (const signal of ['SIGINT', 'SIGTERM'] as const) process.once(signal, () => void runtime.close().then(() => process.exit(0)));
    const pipeline = runtime.app.get(CycleService);
    if (demo.loaded) {
      // The first cycle, so forecasts, recommendations and PO drafts are there to look at.
      const runId = await pipeline.startRun('cli', 'demo', { runKey: 'demo-first-cycle' });
      console.log(`running the first forecast cycle (run ${runId}) …`);
      const stats = await pipeline.waitForCompletion(runId, { timeoutMs: 30 * 60_000 });
      console.log(`first cycle done: ${stats.succeeded} forecasts, ${stats.insufficientHistory} with too little history, ${stats.urgent} urgent and ${stats.high} high-priority recommendations, ${stats.purchaseOrders} purchase-order drafts (${stats.durationMs} ms)`);
      console.log(`try: { recommendations(filter: { priority: urgent }) { nodes { sku recommendedQty daysToStockout } } }`);
    }
    await new Promise(() => undefined);
    return 0;
  },

  'import-items': (args) => importCommand(args, 'items'),
  'import-usage': (args) => importCommand(args, 'usage'),

  async 'create-user'(args) {
    checkFlags(args, ['role']);
    const name = args.positionals[0];
    const role = args.flags.get('role');
    if (!name) throw new UsageError('create-user: give the user name');
    if (typeof role !== 'string' || !roles.includes(role as Role)) throw new UsageError(`--role: expected one of ${roles.join(', ')}`);
    const password = (await readStdin()).replace(/\r?\n$/, '');
    if (!password) throw new UsageError('create-user: pipe the password on stdin, e.g. echo "$PASSWORD" | npm run cli -- create-user NAME --role ROLE');
    const result = await withRuntime((rt) => rt.app.get(AuthService).createUser(name, password, role as Role));
    console.log(`${result.created ? 'created' : 'updated'} user ${name} with role ${role}`);
    return 0;
  },

  async 'verify-audit'(args) {
    checkFlags(args, ['file']);
    const file = stringFlag(args, 'file');
    if (file) {
      // Offline: no database; the HMACs are checked when AUDIT_HMAC_KEY (or DATA_DIR's generated key) is there.
      const config = loadConfigOrExit();
      const key = config.AUDIT_HMAC_KEY ?? readKeyFile(join(config.DATA_DIR, 'audit-hmac-key'));
      const lines = createInterface({ input: createReadStream(file), crlfDelay: Infinity });
      const collected: string[] = [];
      for await (const line of lines) collected.push(line);
      const verdict = verifyExportLines(collected, key);
      const scope = verdict.firstSeq === undefined ? 'no entries' : `entries ${verdict.firstSeq}–${verdict.lastSeq}${verdict.fromGenesis ? ' (from the first entry)' : ' (a range: its link to the entry before is not checked)'}`;
      const hmac = verdict.hmacChecked ? 'HMACs checked' : 'HMACs NOT checked (set AUDIT_HMAC_KEY)';
      if (verdict.valid) {
        console.log(`audit export valid: ${verdict.entries} entries, ${scope}; ${hmac}`);
        return 0;
      }
      console.log(`audit export BROKEN at entry ${verdict.firstBadSeq}: ${verdict.reason} (${verdict.entries} entries before it are intact; ${hmac})`);
      return 1;
    }
    const verdict = await withRuntime((rt) => rt.app.get(AuditService).verify());
    if (verdict.valid) {
      console.log(`audit chain valid: ${verdict.entries} entries${verdict.anchor ? `, anchored at entry ${verdict.anchor.seq} (${verdict.anchor.createdAt}, ${verdict.anchor.source})` : ', no anchor yet'}`);
      return 0;
    }
    console.log(`audit chain BROKEN at entry ${verdict.firstBadSeq}: ${verdict.reason} (${verdict.entries} entries before it are intact)`);
    return 1;
  },

  async 'export-audit'(args) {
    checkFlags(args, ['from', 'to', 'out']);
    const from = new Date(stringFlag(args, 'from') ?? '');
    const to = new Date(stringFlag(args, 'to') ?? '');
    if (Number.isNaN(from.getTime()) || Number.isNaN(to.getTime())) throw new UsageError('export-audit: give --from and --to as ISO-8601 date-times, e.g. --from 2026-01-01T00:00:00Z');
    const out = stringFlag(args, 'out');
    const count = await withRuntime(async (rt) => {
      const sink: NodeJS.WritableStream = out ? createWriteStream(out, { mode: 0o600 }) : process.stdout;
      let n = 0;
      for await (const line of rt.app.get(AuditService).exportLines(from, to)) {
        if (!sink.write(line)) await new Promise<void>((resolve) => sink.once('drain', () => resolve()));
        n++;
      }
      if (out) await new Promise<void>((resolve) => sink.end(() => resolve()));
      return n;
    });
    if (out) console.log(`exported ${count} audit entries to ${out}`);
    return 0;
  },

  async 'anchor-audit'(args) {
    checkFlags(args, []);
    const anchor = await withRuntime((rt) => rt.app.get(AuditService).anchor());
    console.log(anchor ? `anchored entry ${anchor.seq} (${anchor.entries} entries) at ${anchor.createdAt}` : 'nothing anchored (empty or broken chain; see verify-audit)');
    return anchor ? 0 : 1;
  },

  async 'run-pipeline'(args) {
    checkFlags(args, ['run-key', 'timeout']);
    const runKey = stringFlag(args, 'run-key');
    const timeoutMs = intFlag(args, 'timeout', 3600, 1, 86400) * 1000;
    // This process works the queue too, so the command finishes even when no worker is running.
    const runtime = await createRuntime(loadConfigOrExit(), { role: 'cli', processJobs: true });
    try {
      const pipeline = runtime.app.get(CycleService);
      const runId = await pipeline.startRun('cli', 'cli', { runKey });
      console.log(`run ${runId} started`);
      let lastShown = -1;
      const stats = await pipeline.waitForCompletion(runId, {
        timeoutMs,
        onProgress: (done, total) => {
          if (done !== lastShown && (done - lastShown >= Math.max(1, Math.floor(total / 10)) || done === total)) {
            console.log(`  ${done}/${total} SKUs`);
            lastShown = done;
          }
        },
      });
      console.log(JSON.stringify(stats, null, 2));
      return 0;
    } finally {
      await runtime.close();
    }
  },
};

/** Exit 0 when every row was accepted, 2 when some were rejected (the report names them). */
async function importCommand(args: ParsedArgs, kind: 'items' | 'usage'): Promise<number> {
  checkFlags(args, []);
  const file = args.positionals[0];
  if (!file) throw new UsageError(`import-${kind}: give the CSV file`);
  let report;
  try {
    report = await withRuntime((rt) => {
      const importer = rt.app.get(ImportService);
      return kind === 'items' ? importer.importItems(file) : importer.importUsage(file);
    });
  } catch (error) {
    // A file-level problem (missing file, bad header): rows of a CSV are its lines.
    if (!(error instanceof BadInputError)) throw error;
    for (const p of error.problems) console.error(`${p.row !== undefined ? `line ${p.row}, ` : ''}${p.field}: ${p.message}`);
    return 2;
  }
  console.log(formatImportReport(report));
  return report.rejected > 0 ? 2 : 0;
}

function readKeyFile(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, 'utf8').trim() : undefined;
}
