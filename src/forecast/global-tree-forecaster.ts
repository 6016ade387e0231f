/**
 * The global gradient-boosted tree model in a backtest: trained once on the training parts of all
 * series (never on their held-out tails), then used per series. Returns null until the model
 * module exists or when training is not possible.
 */
import { Forecaster, SeriesInput } from './backtest';
import { GlobalForecaster } from './engine';

export interface GlobalTreeBacktest {
  model: GlobalForecaster;
  forecaster: Forecaster;
}

export function buildGlobalTreeForecaster(
  _series: readonly SeriesInput[],
  _options: { horizon: number; season: number; seed: number },
): GlobalTreeBacktest | null {
  return null;
}
