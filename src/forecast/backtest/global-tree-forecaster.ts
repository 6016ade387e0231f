/**
 * The global gradient-boosted tree model in a backtest: trained once on the training parts of all
 * series (never on their held-out tails — no leakage), then used per series, alone and as an
 * ensemble member; a second one, trained on the values before the validation origins, forecasts the
 * ensemble's validation windows. Series shorter than the model's minimum are left out of training and skipped.
 */
import { Forecaster, holdoutSplit, normalQuantiles, SeriesInput } from './backtest';
import { GlobalForecaster, validationCutoff } from '../engine';
import { GLOBAL_TREE_MIN_HISTORY, trainGlobalTreeModel } from '../models/global-tree';

export interface GlobalTreeBacktest {
  model: GlobalForecaster;
  forecaster: Forecaster;
  trainingMs: number;
  /**
   * A second tree trained only on the values before each training part's earliest validation
   * origin (engine.ts validationCutoff), for the ensemble's validation windows: the main tree has
   * seen those windows, so its validation errors would be in-sample. Absent when no series is long
   * enough.
   */
  validationModel?: GlobalForecaster;
  validationTrainingMs?: number;
}

export function buildGlobalTreeForecaster(
  series: readonly SeriesInput[],
  options: { horizon: number; season: number; seed: number },
  nowMs: () => number = () => performance.now(),
): GlobalTreeBacktest | null {
  const trainingParts = series
    .map((s) => holdoutSplit(s.values, options.horizon)?.train)
    .filter((train): train is number[] => train !== undefined && train.length >= GLOBAL_TREE_MIN_HISTORY);
  if (trainingParts.length === 0) return null;
  const started = nowMs();
  const model = trainGlobalTreeModel(trainingParts, { season: options.season, horizon: options.horizon, seed: options.seed });
  const trainingMs = nowMs() - started;
  const validationParts = trainingParts
    .map((train) => train.slice(0, validationCutoff(train.length, options.horizon)))
    .filter((part) => part.length >= GLOBAL_TREE_MIN_HISTORY);
  const validationStarted = nowMs();
  const validationModel = validationParts.length > 0
    ? trainGlobalTreeModel(validationParts, { season: options.season, horizon: options.horizon, seed: options.seed })
    : undefined;
  const validationTrainingMs = validationModel ? nowMs() - validationStarted : undefined;
  return {
    model,
    trainingMs,
    validationModel,
    validationTrainingMs,
    forecaster: {
      name: 'global-tree',
      minHistory: () => GLOBAL_TREE_MIN_HISTORY,
      forecast(train, horizon) {
        const { mean, sd } = model.forecast(train, horizon);
        return { mean, quantiles: sd ? normalQuantiles(mean, sd, train.every((v) => v >= 0)) : undefined };
      },
    },
  };
}
