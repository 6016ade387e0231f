/**
 * The command line: `neuronexus <command>` (bin/neuronexus.js runs this file). The commands that
 * need the application (database, queues) live in cli/service-commands.ts and are loaded only
 * when asked for, so a command that needs neither — `backtest`, `help` — starts without loading
 * Nest, TypeORM or GraphQL.
 */
import { parseArgs, UsageError } from './cli/args';
import type { Command } from './cli/service-commands';
import { BadInputError } from './common/errors';

const HELP = `NeuroNexus command line

  neuronexus <command> [options]        (npx neuronexus …, or npm run cli -- …)

  demo [--skus 500] [--weeks 104] [--seed 42] [--force]   load the demo catalog (once; --force reloads)
  serve-demo                                              start the API with demo data and an admin user (npm run demo)
  import-items FILE.csv                                   import items (sku,name,unit_cost,...)
  import-usage FILE.csv                                   import usage (sku,date,quantity or sku,week_start,quantity)
  create-user NAME --role viewer|approver|admin           create or reset a user; the password is read from stdin
  run-pipeline [--run-key KEY] [--timeout SECONDS]        run the daily cycle now, wait, print the statistics
  verify-audit [--file F.jsonl]                           walk the audit chain (hashes, HMACs, anchors), or check an export offline; exit 1 when broken
  export-audit --from ISO --to ISO [--out F.jsonl]        write the entries created in [from, to) as JSON Lines (stdout without --out)
  anchor-audit                                            anchor the newest audit entry now (audit_anchors + checkpoint file)
  backtest --input FILE.csv --horizon H --season M [--models a,b] [--out F.csv] [--json]
  migrate                                                 apply pending migrations and exit
  guard                                                   run the ops guard (HEALTH_URL every GUARD_INTERVAL; rollback, incident, alerts)
`;

function loadCommand(name: string): Command | undefined {
  if (name === 'backtest') {
    const { runBacktestCommand } = require('./forecast/backtest/backtest-command') as typeof import('./forecast/backtest/backtest-command');
    return () => runBacktestCommand(process.argv.slice(3), process.stdout);
  }
  if (name === 'guard') {
    // The guard needs neither Nest nor the models: its own small runner (ops/guard-runner.ts).
    const { guardCommand } = require('./ops/guard-command') as typeof import('./ops/guard-command');
    return guardCommand;
  }
  const { serviceCommands } = require('./cli/service-commands') as typeof import('./cli/service-commands');
  return Object.hasOwn(serviceCommands, name) ? serviceCommands[name] : undefined;
}

async function main(): Promise<number> {
  const args = parseArgs(process.argv.slice(2));
  if (!args.command || args.command === 'help' || args.flags.has('help')) {
    console.log(HELP);
    return args.command ? 0 : 64;
  }
  const command = loadCommand(args.command);
  if (!command) {
    console.error(`unknown command ${args.command}\n\n${HELP}`);
    return 64;
  }
  try {
    return await command(args);
  } catch (error) {
    if (error instanceof UsageError || error instanceof BadInputError) {
      console.error(error.message);
      return error instanceof UsageError ? 64 : 2;
    }
    throw error;
  }
}

main().then(
  (code) => process.exit(code),
  (error) => {
    console.error(error);
    process.exit(1);
  },
);
