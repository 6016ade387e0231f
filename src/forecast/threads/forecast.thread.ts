import { parentPort } from 'node:worker_threads';
import { forecastSku, ForecastSkuOptions } from '../engine';
import { loadAugurs } from '../models/augurs';
import { GlobalTreeJson, GlobalTreeModel } from '../models/global-tree';

/**
 * Worker-thread entry of the forecast pool: loads augurs once, keeps the global models it was
 * sent, and answers `forecastSku` requests. Pure computation, no database.
 */
type Request =
  | { type: 'model'; id: string; json: GlobalTreeJson }
  | { type: 'forecast'; requestId: number; history: number[]; options: Omit<ForecastSkuOptions, 'globalModel'>; modelId: string | null };

const models = new Map<string, GlobalTreeModel>();
const ready = loadAugurs();

parentPort!.on('message', (message: Request) => {
  if (message.type === 'model') {
    models.set(message.id, GlobalTreeModel.fromJSON(message.json));
    return;
  }
  void ready.then(() => {
    try {
      const globalModel = message.modelId ? models.get(message.modelId) : undefined;
      const result = forecastSku(message.history, { ...message.options, globalModel });
      parentPort!.postMessage({ requestId: message.requestId, result });
    } catch (error) {
      parentPort!.postMessage({ requestId: message.requestId, error: (error as Error).message });
    }
  });
});
