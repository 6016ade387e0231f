/**
 * One gradient-boosted tree model trained across all SKUs ("global" model, as in the M5
 * competition's LightGBM winners): rows are (SKU, forecast origin) pairs described by scaled demand
 * features (src/forecast/features), targets are scaled future demand. Strategies:
 *
 * - direct: one booster per horizon step k, each predicting y[origin + k − 1] from the origin's
 *   features (plus the target's seasonal phase). No error feedback between steps.
 * - recursive: one 1-step booster; a forecast appends each prediction to the history and
 *   recomputes features for the next step.
 * - blend: both, forecasts averaged.
 *
 * The parts, each in its own file:
 *   global-tree-rows.ts           training rows: features, scaled labels, sampled origins
 *   global-tree-training.ts       early stopping on held-out periods, refit, error spreads
 *   global-tree-forecast.ts       forecasts and their sd from a trained model
 *   global-tree-serialisation.ts  the JSON document (model_artifacts, worker threads)
 * This file is the model's public face: the class the pipeline, the engine and the benches use.
 */
import { Booster } from '../gbdt/booster';
import { FitOptions, FittedModel, ForecastModel, PointForecast } from './model';
import { assertUsableHistory } from './history';
import { forecastGlobalTree, forecastScratch, ForecastScratch, GlobalTreeParts, GlobalTreeStrategy } from './global-tree-forecast';
import { GLOBAL_TREE_MIN_HISTORY, GlobalTreeTarget } from './global-tree-rows';
import { globalTreeFromJson, GlobalTreeJson, globalTreeToJson } from './global-tree-serialisation';
import { GlobalTreeOptions, GlobalTreeTrainingSummary, trainGlobalTreeParts } from './global-tree-training';

export { DEFAULT_GLOBAL_TREE_STRATEGY, demandSpread, isIntermittentHistory } from './global-tree-forecast';
export type { GlobalTreeParts, GlobalTreeStrategy } from './global-tree-forecast';
export { DEFAULT_GLOBAL_TREE_TARGET, GLOBAL_TREE_MIN_HISTORY } from './global-tree-rows';
export type { GlobalTreeTarget } from './global-tree-rows';
export { GLOBAL_TREE_FORMAT, GLOBAL_TREE_FORMAT_VERSION } from './global-tree-serialisation';
export type { GlobalTreeJson } from './global-tree-serialisation';
export { GLOBAL_TREE_BOOSTER_PARAMS } from './global-tree-training';
export type { GlobalTreeOptions, GlobalTreeTrainingSummary } from './global-tree-training';

export class GlobalTreeModel implements GlobalTreeParts {
  readonly season: number;
  readonly horizon: number;
  readonly strategy: GlobalTreeStrategy;
  readonly target: GlobalTreeTarget;
  readonly usesCalendar: boolean;
  readonly directBoosters: readonly Booster[];
  readonly recursiveBooster: Booster | null;
  readonly residualSdPerSpread: readonly number[];
  readonly intermittentResidualSdPerSpread: readonly number[] | null;
  readonly meanFactor: readonly number[] | null;
  readonly intermittentMeanFactor: readonly number[] | null;
  private readonly scratch: ForecastScratch;

  private constructor(
    parts: GlobalTreeParts,
    readonly summary?: GlobalTreeTrainingSummary,
  ) {
    this.season = parts.season;
    this.horizon = parts.horizon;
    this.strategy = parts.strategy;
    this.target = parts.target;
    this.usesCalendar = parts.usesCalendar;
    this.directBoosters = parts.directBoosters;
    this.recursiveBooster = parts.recursiveBooster;
    this.residualSdPerSpread = parts.residualSdPerSpread;
    this.intermittentResidualSdPerSpread = parts.intermittentResidualSdPerSpread;
    this.meanFactor = parts.meanFactor;
    this.intermittentMeanFactor = parts.intermittentMeanFactor;
    this.scratch = forecastScratch(parts.season);
  }

  /** Trains the global model on the given series (training parts only; see global-tree-training.ts). */
  static train(series: readonly (readonly number[])[], options: GlobalTreeOptions): GlobalTreeModel {
    const { parts, summary } = trainGlobalTreeParts(series, options);
    return new GlobalTreeModel(parts, summary);
  }

  static fromJSON(json: GlobalTreeJson): GlobalTreeModel {
    return new GlobalTreeModel(globalTreeFromJson(json));
  }

  toJSON(): GlobalTreeJson {
    return globalTreeToJson(this);
  }

  /** Every booster of the model (direct steps first, then the recursive one). */
  get boosters(): readonly Booster[] {
    return this.recursiveBooster ? [...this.directBoosters, this.recursiveBooster] : this.directBoosters;
  }

  /**
   * Forecast h steps after `history`. `seasonPositionOfLast` is the cycle position (0-based) of
   * the last observation; pass it when the model was trained with a calendar.
   */
  forecast(history: readonly number[], h: number, seasonPositionOfLast?: number): PointForecast {
    return forecastGlobalTree(this, this.scratch, history, h, seasonPositionOfLast);
  }

  /** A registry-style model; its `fit` only keeps the history, the trees are already trained. */
  asForecastModel(): ForecastModel {
    const model = this;
    return {
      name: 'global-tree',
      minHistory: () => GLOBAL_TREE_MIN_HISTORY,
      fit(y: readonly number[], options: FitOptions): FittedModel {
        if (Math.max(1, Math.round(options.season || 1)) !== model.season) {
          throw new Error(`global-tree: trained for season ${model.season}, asked for season ${options.season}`);
        }
        assertUsableHistory(y, GLOBAL_TREE_MIN_HISTORY, 'global-tree');
        const history = y.slice();
        return { predict: (h: number) => model.forecast(history, h) };
      },
    };
  }

  /** Gain importance per feature name, summed over the step boosters. */
  featureImportance(): Record<string, number> {
    const result: Record<string, number> = {};
    for (const booster of this.boosters) {
      const gains = booster.featureImportance('gain');
      booster.featureNames.forEach((name, f) => (result[name] = (result[name] ?? 0) + gains[f]));
    }
    return result;
  }
}

/** The global tree model of issue 3: one model across all SKUs (see GlobalTreeModel). */
export function trainGlobalTreeModel(series: readonly (readonly number[])[], options: GlobalTreeOptions): GlobalTreeModel {
  return GlobalTreeModel.train(series, options);
}
