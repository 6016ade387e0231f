/**
 * The ensemble (engine.ts `forecastSku`) as a backtest Forecaster.
 *
 * The engine answers "insufficient history" below 12 observations. So that the ensemble row of a
 * backtest covers the same series as the single models (car parts has series with fewer than 12
 * training values), such a series is forecast here by the mean of its history, flat, with
 * Poisson-like quantiles from calibration.ts — and counted in `shortHistorySeries`.
 */
import { Forecaster } from './backtest';
import { calibrateForecast } from '../calibration';
import { forecastSku, ForecastSkuOptions, isInsufficientHistory } from '../engine';

export interface EnsembleForecaster extends Forecaster {
  /** Series forecast by the short-history rule instead of the engine. */
  shortHistorySeries(): number;
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

export function ensembleForecaster(options: ForecastSkuOptions, name = 'ensemble'): EnsembleForecaster {
  let short = 0;
  return {
    name,
    minHistory: () => 1,
    shortHistorySeries: () => short,
    forecast(train, horizon) {
      const result = forecastSku(train, { ...options, horizon });
      if (isInsufficientHistory(result)) {
        short++;
        return historyMeanForecast(train, horizon);
      }
      return { mean: result.mean, quantiles: result.quantiles };
    },
  };
}
