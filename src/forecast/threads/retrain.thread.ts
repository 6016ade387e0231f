import { parentPort, workerData } from 'node:worker_threads';
import { ChallengerInput, trainChallengerWithBacktest } from '../backtest/champion-challenger';

/** Worker-thread entry: trains the challenger and backtests it against the champion off the main event loop. */
parentPort!.postMessage(trainChallengerWithBacktest(workerData as ChallengerInput));
