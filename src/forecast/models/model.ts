/**
 * The one shape every forecasting model has (statsforecast/augurs style): fit on a history,
 * then forecast h steps with a mean and a distribution. Pure: no Nest, no TypeORM, no clock.
 */

/** A forecast for h steps ahead. `sd[i]` is the standard deviation of step i's value. */
export interface PointForecast {
  /** Mean forecast per step, length h, never NaN, never negative for demand models. */
  mean: number[];
  /** Standard deviation per step when the model has one (same length as mean). */
  sd?: number[];
}

export interface FitOptions {
  /** Seasonal period of the data (52 for weekly, 12 for monthly, 1 for none). */
  season: number;
  /** Seed for any randomness, so the same input gives the same result. */
  seed?: number;
}

export interface FittedModel {
  predict(h: number): PointForecast;
}

export interface ForecastModel {
  /** Stable name used in backtest output, the database and ensemble weights. */
  readonly name: string;
  /** Fewest observations the model can be fit on; callers skip it for shorter series. */
  minHistory(options: FitOptions): number;
  fit(y: readonly number[], options: FitOptions): FittedModel;
}
