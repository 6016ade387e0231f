import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { GlobalTreeJson, GlobalTreeModel, GlobalTreeOptions } from '../models/global-tree';

/**
 * Trains the global tree model on a worker thread, so the process's event loop (HTTP in the
 * embedded mode, BullMQ lock renewal in a worker) keeps running during the tens of seconds it
 * takes. From the TypeScript sources (jest) there is no compiled thread script, and training
 * runs inline instead: same function, same result.
 */
export async function trainGlobalTreeOffThread(series: number[][], options: GlobalTreeOptions): Promise<GlobalTreeModel> {
  const script = join(__dirname, 'global-tree.thread.js');
  if (!existsSync(script)) return GlobalTreeModel.train(series, options);
  const json = await new Promise<GlobalTreeJson>((resolve, reject) => {
    const worker = new Worker(script, { workerData: { series, options } });
    worker.once('message', resolve);
    worker.once('error', reject);
    worker.once('exit', (code) => (code === 0 ? undefined : reject(new Error(`training thread exited with code ${code}`))));
  });
  return GlobalTreeModel.fromJSON(json);
}
