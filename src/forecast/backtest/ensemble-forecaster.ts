/**
 * The ensemble (engine.ts `forecastSku`) as a backtest Forecaster.
 *
 * The engine answers "insufficient history" below 12 observations. So that the ensemble row of a
 * backtest covers the same series as the single models (car parts has series with fewer than 12
 * training values), such a series is forecast here by the mean of its history, flat, with
 * Poisson-like quantiles from calibration.ts — and counted in `shortHistorySeries`.
 *
 * Given the training parts of all series (`trainingParts`), the forecaster first validates every
 * series at its rolling origins (engine.ts `validateSku`, inside the training part only) and fits
 * the per-pattern combination rules on them (member-selection.ts `fitSelection`) — the backtest's
 * own "pattern-level choice", as the global tree is trained once on the same training parts.
 */
import { Forecaster } from './backtest';
import { calibrateForecast } from '../calibration';
import { forecastSku, ForecastSkuOptions, GLOBAL_TREE_NAME, isInsufficientHistory, validateSku } from '../engine';
import { POINT_ONLY_MEMBERS, selectionCandidates } from '../ensemble';
import { fitSelection, SelectionTable, SkuValidation } from '../member-selection';

export interface EnsembleForecaster extends Forecaster {
  /** Series forecast by the short-history rule instead of the engine. */
  shortHistorySeries(): number;
  /** The per-pattern rules fitted on the training parts, when it was given them. */
  selection?: SelectionTable;
}

function historyMeanForecast(train: readonly number[], horizon: number) {
  const clean = train.map((v) => (Number.isFinite(v) && v > 0 ? v : 0));
  const level = clean.length > 0 ? clean.reduce((a, b) => a + b, 0) / clean.length : 0;
  let variance = 0;
  for (const v of clean) variance += (v - level) ** 2;
  variance = clean.length > 1 ? variance / (clean.length - 1) : level;
  const sd = Math.sqrt(Math.max(variance, level));
  const mean = new Array<number>(horizon).fill(level);
  return { mean, quantiles: calibrateForecast(mean, new Array<number>(horizon).fill(sd), 'intermittent').quantiles };
}

/** Validations of the training parts and the selection table fitted on them. */
export function fitBacktestSelection(
  trainingParts: readonly (readonly number[])[],
  options: ForecastSkuOptions,
): { selection: SelectionTable; validations: Map<string, SkuValidation> } {
  const validations = new Map<string, SkuValidation>();
  for (const train of trainingParts) {
    const v = validateSku(train, options);
    if (!('insufficient' in v)) validations.set(historyKey(train), v);
  }
  const available = (m: string) => m !== GLOBAL_TREE_NAME || options.globalModel !== undefined;
  const candidatesFor = (pattern: Parameters<typeof selectionCandidates>[0]) =>
    options.candidates ? options.candidates.filter(available) : selectionCandidates(pattern, available);
  return { selection: fitSelection([...validations.values()], candidatesFor, options.horizon, undefined, undefined, POINT_ONLY_MEMBERS), validations };
}

function historyKey(values: readonly number[]): string {
  return values.join(',');
}

export function ensembleForecaster(options: ForecastSkuOptions, name = 'ensemble', trainingParts?: readonly (readonly number[])[]): EnsembleForecaster {
  let short = 0;
  const fitted = trainingParts && options.selection === undefined ? fitBacktestSelection(trainingParts, options) : null;
  return {
    name,
    minHistory: () => 1,
    shortHistorySeries: () => short,
    selection: fitted?.selection,
    forecast(train, horizon) {
      const result = forecastSku(train, fitted
        ? { ...options, horizon, selection: fitted.selection, validation: fitted.validations.get(historyKey(train)) }
        : { ...options, horizon });
      if (isInsufficientHistory(result)) {
        short++;
        return historyMeanForecast(train, horizon);
      }
      // The point forecast is scored; the quantiles come from the demand distribution.
      return { mean: result.point, quantiles: result.quantiles };
    },
  };
}
