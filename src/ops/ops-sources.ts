/**
 * What ops reads from the modules above it, as interfaces those modules provide under a token.
 * Ops never imports them (the cycle calls down into ops, not the other way round); it looks the
 * tokens up at use time (`ModuleRef.get(token, { strict: false })`), and treats a missing one
 * as "nothing to report". Runs: `RUN_STATUS_SOURCE` (run-status.source.ts, the cycle module).
 */
export { RUN_STATUS_SOURCE } from './run-status.source';
export type { NewestRunStatus, RunStatusSource } from './run-status.source';

/** Provided by the module that owns the model registry: when the production model was trained. */
export interface ProductionModelSource {
  productionModelTrainedAt(): Promise<Date | null>;
}
export const PRODUCTION_MODEL_SOURCE = Symbol('PRODUCTION_MODEL_SOURCE');
