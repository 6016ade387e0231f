/**
 * The cycle's jobs: names, payloads and ids. Ids are stable per run and SKU (and per
 * re-enqueue generation), so a second send of the same job is a no-op on either driver.
 * BullMQ job ids may not contain ':'.
 */
export interface PrepareRunJob {
  runId: string;
}
/** A batch of a run's SKUs (FORECAST_BATCH_SKUS): one queue round trip and a few queries for many SKUs. */
export interface ForecastSkusJob {
  runId: string;
  itemIds: string[];
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
    'forecast-skus': ForecastSkusJob;
    'finalize-run': FinalizeRunJob;
    'supervise-runs': SuperviseRunsJob;
  }
}

/** Attempts a SKU job gets for errors of the SKU itself (infrastructure errors do not count). */
export const JOB_ATTEMPTS = 3;

const suffix = (generation: number) => (generation > 0 ? `_g${generation}` : '');
export const prepareJobId = (runId: string, generation = 0) => `prepare_${runId}${suffix(generation)}`;
export const skusJobId = (runId: string, generation: number, batch: number) => `skus_${runId}_${generation}_${batch}`;
export const finalizeJobId = (runId: string, generation = 0) => `finalize_${runId}${suffix(generation)}`;
export const superviseJobId = (tick: string) => `supervise_${tick.replace(/[^0-9TZ]/g, '')}`;
