/**
 * What the policy is told about demand, per SKU, on the morning of a simulated day.
 *  - 'true': the true distribution (mean 7μ and sd √7·σ per week, 4 weeks) — isolates the policy.
 *  - 'rolling': mean and sample sd of the last 26 weekly totals, flat for 4 weeks — an honest,
 *    simple estimator with estimation error and no model; its predictive sd includes the
 *    error of the estimated mean, shared by all weeks (reported through totalSd).
 *  - 'engine': src/forecast/engine.ts forecastSku() on up to 104 weeks of history (horizon 4,
 *    season 52), refreshed once a week as the nightly job would see it: weekly means and sds and
 *    the sd of the 4-week total. 'engine-weekly': the same without the total's sd (weeks
 *    treated as independent).
 * Weeks are aligned with day 0 of the series, so week k = days 7k … 7k+6; a forecast made on day t
 * uses only the complete weeks before t.
 */
import { WeeklyDemandForecast } from '../../src/reorder/policy';
import { SimulatedSku } from './demand-scenarios';

export type ForecastSource = 'true' | 'rolling' | 'engine' | 'engine-weekly';

export type WeeklyForecaster = (weeklyHistory: readonly number[]) => WeeklyDemandForecast;

export function trueForecast(sku: SimulatedSku): WeeklyDemandForecast {
  const mean = 7 * sku.meanPerDay;
  const sd = Math.sqrt(7) * sku.sdPerDay;
  return { meanPerWeek: [mean, mean, mean, mean], sdPerWeek: [sd, sd, sd, sd] };
}

export const ROLLING_WEEKS = 26;

export function rollingForecast(weeklyHistory: readonly number[]): WeeklyDemandForecast {
  const window = weeklyHistory.slice(-ROLLING_WEEKS);
  const n = window.length;
  const mean = window.reduce((a, b) => a + b, 0) / n;
  const variance = n > 1 ? window.reduce((a, b) => a + (b - mean) ** 2, 0) / (n - 1) : mean;
  // Predictive sd: a future week deviates from the estimated mean by its own noise plus the
  // estimation error of the mean (variance σ²/n), which every future week shares. σ itself is
  // estimated from n − 1 degrees of freedom, so the predictive distribution is Student-t, whose
  // variance is ν/(ν − 2) times that of the normal with the same scale.
  const tVarianceFactor = n > 3 ? (n - 1) / (n - 3) : 2;
  const sdWeek = Math.sqrt(variance * tVarianceFactor * (1 + 1 / n));
  const totalSd = Math.sqrt(variance * tVarianceFactor * (4 + 16 / n));
  return { meanPerWeek: [mean, mean, mean, mean], sdPerWeek: [sdWeek, sdWeek, sdWeek, sdWeek], totalSd };
}

export interface WeeklyForecastTable {
  /** The forecast in force on the morning of `day`. */
  at(day: number): WeeklyDemandForecast;
  /**
   * Calibration check of every forecast made so far whose 4 weeks are known: errors standardized
   * by the forecast's own sd, for week 1 and for the 4-week total (by totalSd when given, else by
   * √Σsd²). A calibrated forecast has rms 1.
   */
  standardizedErrors(): { week1: number[]; total: number[] };
}

/**
 * Forecasts of one SKU for every week of the simulation, computed once and shared by every policy
 * run of that SKU (the forecast does not depend on the policy).
 */
export function weeklyForecastTable(demand: Float64Array, firstDay: number, endDay: number, forecaster: WeeklyForecaster, maxHistoryWeeks = 104): WeeklyForecastTable {
  const weekTotals: number[] = [];
  for (let w = 0; (w + 1) * 7 <= endDay; w++) {
    let total = 0;
    for (let d = 7 * w; d < 7 * w + 7; d++) total += demand[d];
    weekTotals.push(total);
  }
  const cache = new Map<number, WeeklyDemandForecast>();
  return {
    at(day: number) {
      if (day < firstDay) throw new RangeError(`no forecast before the first simulated day ${firstDay}`);
      const completeWeeks = Math.floor(day / 7);
      let forecast = cache.get(completeWeeks);
      if (!forecast) {
        forecast = forecaster(weekTotals.slice(Math.max(0, completeWeeks - maxHistoryWeeks), completeWeeks));
        cache.set(completeWeeks, forecast);
      }
      return forecast;
    },
    standardizedErrors() {
      const week1: number[] = [];
      const total: number[] = [];
      for (const [week, forecast] of cache) {
        const horizon = forecast.meanPerWeek.length;
        if (week + horizon > weekTotals.length) continue;
        if (forecast.sdPerWeek[0] > 0) week1.push((weekTotals[week] - forecast.meanPerWeek[0]) / forecast.sdPerWeek[0]);
        let actual = 0;
        let predicted = 0;
        let sumSquares = 0;
        for (let i = 0; i < horizon; i++) {
          actual += weekTotals[week + i];
          predicted += forecast.meanPerWeek[i];
          sumSquares += forecast.sdPerWeek[i] ** 2;
        }
        const sd = forecast.totalSd ?? Math.sqrt(sumSquares);
        if (sd > 0) total.push((actual - predicted) / sd);
      }
      return { week1, total };
    },
  };
}
