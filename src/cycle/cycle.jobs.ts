/**
 * The cycle's jobs: names, payloads and ids. Ids are stable per run and SKU (and per
 * re-enqueue generation), so a second send of the same job is a no-op on either driver.
 * BullMQ job ids may not contain ':'.
 */
export interface PrepareRunJob {
  runId: string;
}
export interface ForecastSkuJob {
  runId: string;
  itemId: string;
}
export interface FinalizeRunJob {
  runId: string;
}
export interface SuperviseRunsJob {
  /** The tick this supervision belongs to (ISO minute or second): one job per tick. */
  tick: string;
}

declare module '../jobs/job-queue' {
  interface JobPayloads {
    'prepare-run': PrepareRunJob;
    'forecast-sku': ForecastSkuJob;
    'finalize-run': FinalizeRunJob;
    'supervise-runs': SuperviseRunsJob;
  }
}

/** Attempts a SKU job gets for errors of the SKU itself (infrastructure errors do not count). */
export const JOB_ATTEMPTS = 3;

const suffix = (generation: number) => (generation > 0 ? `_g${generation}` : '');
export const prepareJobId = (runId: string, generation = 0) => `prepare_${runId}${suffix(generation)}`;
export const skuJobId = (runId: string, itemId: string, generation = 0) => `sku_${runId}_${itemId}${suffix(generation)}`;
export const finalizeJobId = (runId: string, generation = 0) => `finalize_${runId}${suffix(generation)}`;
export const superviseJobId = (tick: string) => `supervise_${tick.replace(/[^0-9TZ]/g, '')}`;
