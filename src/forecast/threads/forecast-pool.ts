import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { Worker } from 'node:worker_threads';
import { forecastSku, ForecastSkuOptions, InsufficientHistory, SkuForecast } from '../engine';
import { GlobalTreeModel } from '../models/global-tree';

type Result = SkuForecast | InsufficientHistory;

/**
 * Runs `forecastSku` on worker threads, so the ~10 ms of model fitting per SKU leaves the event
 * loop free (HTTP in the embedded mode, BullMQ and database I/O in a worker) and a worker process
 * uses more than one core. Each thread gets a global model once, by id. From the TypeScript
 * sources (jest) there is no compiled thread script and forecasts run inline: same function.
 */
export class ForecastPool {
  private readonly threads: Worker[] = [];
  private readonly pending = new Map<number, { resolve: (r: Result) => void; reject: (e: Error) => void }>();
  private readonly sentModels = new Set<string>();
  private nextRequest = 0;
  private nextThread = 0;

  constructor(size: number) {
    const script = join(__dirname, 'forecast.thread.js');
    if (size < 1 || !existsSync(script)) return;
    for (let i = 0; i < size; i++) {
      const thread = new Worker(script);
      thread.on('message', (m: { requestId: number; result?: Result; error?: string }) => {
        const waiter = this.pending.get(m.requestId);
        this.pending.delete(m.requestId);
        if (m.error !== undefined) waiter?.reject(new Error(m.error));
        else waiter?.resolve(m.result!);
      });
      thread.on('error', (error) => this.failAll(error));
      thread.unref();
      this.threads.push(thread);
    }
  }

  get size(): number {
    return this.threads.length;
  }

  async forecast(history: number[], options: Omit<ForecastSkuOptions, 'globalModel'>, model?: { id: string; load: () => Promise<GlobalTreeModel> }): Promise<Result> {
    if (this.threads.length === 0) return forecastSku(history, { ...options, globalModel: model ? await model.load() : undefined });
    if (model && !this.sentModels.has(model.id)) {
      this.sentModels.add(model.id);
      const json = (await model.load()).toJSON();
      for (const thread of this.threads) thread.postMessage({ type: 'model', id: model.id, json });
    }
    const requestId = this.nextRequest++;
    const thread = this.threads[this.nextThread++ % this.threads.length];
    return new Promise<Result>((resolve, reject) => {
      this.pending.set(requestId, { resolve, reject });
      thread.postMessage({ type: 'forecast', requestId, history, options, modelId: model?.id ?? null });
    });
  }

  async close(): Promise<void> {
    await Promise.all(this.threads.map((t) => t.terminate()));
    this.threads.length = 0;
  }

  private failAll(error: Error): void {
    for (const waiter of this.pending.values()) waiter.reject(error);
    this.pending.clear();
  }
}
