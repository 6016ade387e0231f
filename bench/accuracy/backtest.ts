/**
 * Runs the backtest command from a shell until the lead wires it into `npm run cli`:
 *   npx tsc -p tsconfig.build.json && node dist/bench/accuracy/backtest.js --input FILE.csv --horizon H --season M [...]
 */
import { runBacktestCommand } from '../../src/forecast/backtest/backtest-command';

runBacktestCommand(process.argv.slice(2), process.stdout).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  },
);
