/** Public surface of the gradient-boosted tree learner. */
export { Booster, DEFAULT_BOOSTER_PARAMS } from './booster';
export type { BoosterParams, BoosterJson, TrainingReport, TrainingSet } from './booster';
export { matrixFromRows } from './feature-matrix';
export type { FeatureMatrix } from './feature-matrix';
export type { ObjectiveName } from './objectives';
