/**
 * The backtest command (`neuronexus backtest`) over the bench data sets:
 *   node dist/bench/accuracy/backtest.js [--data DIR] --input FILE.csv --horizon H --season M [...]
 * A bare file name (`--input m3_monthly.csv`) is read from `--data DIR`, by default the repository's
 * bench/data, unless the working directory has such a file (bench/support/public-data.ts).
 */
import { runBacktestCommand } from '../../src/forecast/backtest/backtest-command';
import { inputArguments } from '../support/public-data';

runBacktestCommand(inputArguments(process.argv.slice(2)), process.stdout).then(
  (code) => {
    process.exitCode = code;
  },
  (error: unknown) => {
    process.stderr.write(`${String(error)}\n`);
    process.exitCode = 1;
  },
);
