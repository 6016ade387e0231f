import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { ChallengerInput, ChallengerOutput, trainChallengerWithBacktest } from '../backtest/champion-challenger';

/**
 * Retraining (two trainings and a walk-forward backtest) on a worker thread, so the worker
 * process's event loop keeps renewing its job locks. From the TypeScript sources (jest) there is
 * no compiled thread script, and it runs inline instead: same function, same result.
 */
export async function retrainOffThread(input: ChallengerInput): Promise<ChallengerOutput> {
  const script = join(__dirname, 'retrain.thread.js');
  if (!existsSync(script)) return trainChallengerWithBacktest(input);
  return new Promise<ChallengerOutput>((resolve, reject) => {
    const worker = new Worker(script, { workerData: input });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`retraining thread exited with code ${code}`))));
  });
}
