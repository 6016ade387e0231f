/**
 * What ops reads from the modules above it, as interfaces those modules provide under a token.
 * Ops never imports them (the cycle calls down into ops, not the other way round); it looks the
 * tokens up at use time (`ModuleRef.get(token, { strict: false })`), and treats a missing one
 * as "nothing to report".
 */
import type { LatestRun } from './health-verdicts';

export interface RunSummary extends LatestRun {
  processed: number;
  totalSkus: number;
  failedSkus: number | null;
  durationSeconds: number | null;
}

/** Provided by the module that owns forecast runs (today PipelineService; the cycle module). */
export interface RunFreshnessSource {
  runFreshness(): Promise<{ latest: RunSummary | null; lastCompletedAt: Date | null }>;
}
export const RUN_FRESHNESS_SOURCE = Symbol('RUN_FRESHNESS_SOURCE');

/** Provided by the module that owns the model registry: when the production model was trained. */
export interface ProductionModelSource {
  productionModelTrainedAt(): Promise<Date | null>;
}
export const PRODUCTION_MODEL_SOURCE = Symbol('PRODUCTION_MODEL_SOURCE');
