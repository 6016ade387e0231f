/**
 * Walk-forward backtest of several forecasters on the same windows (the champion/challenger
 * comparison of retraining). For every series and each of `origins` origins, `horizon` weeks
 * apart and ending at the series' end, each forecaster sees the values before the origin and
 * forecasts the next `horizon`; the window's error is MASE: mean |actual − forecast| divided by
 * the in-sample mean absolute seasonal difference of the values before the origin (lag `season`
 * when that part is longer than a season, else lag 1; metrics.ts). A window counts only when every
 * forecaster produced finite values and the scale is defined, so all are scored on the same
 * windows. Each forecaster's figure is the mean of its window MASEs. Pure.
 */
import { seasonalDifferenceScale } from '../metrics';

export type WindowForecaster = (history: readonly number[], horizon: number) => readonly number[];

export interface WalkForwardOptions {
  origins: number;
  horizon: number;
  season: number;
  /** Windows whose history is shorter than this are skipped. */
  minHistory: number;
}

export interface WalkForwardResult {
  /** Windows scored (the same for every forecaster). */
  windows: number;
  /** Mean window MASE per forecaster; null when no window was scored. */
  mase: Record<string, number | null>;
}

export function walkForwardMase(series: readonly (readonly number[])[], forecasters: Readonly<Record<string, WindowForecaster>>, options: WalkForwardOptions): WalkForwardResult {
  const names = Object.keys(forecasters);
  const sums: Record<string, number> = Object.fromEntries(names.map((n) => [n, 0]));
  let windows = 0;
  for (const y of series) {
    for (let k = options.origins; k >= 1; k--) {
      const cut = y.length - k * options.horizon;
      if (cut < options.minHistory) continue;
      const history = y.slice(0, cut);
      const actual = y.slice(cut, cut + options.horizon);
      const scale = seasonalDifferenceScale(history, options.season, 1);
      if (scale === null) continue;
      const errors: number[] = [];
      for (const name of names) {
        let forecast: readonly number[];
        try {
          forecast = forecasters[name](history, actual.length);
        } catch {
          break;
        }
        if (forecast.length < actual.length || forecast.some((v) => !Number.isFinite(v))) break;
        let sum = 0;
        for (let i = 0; i < actual.length; i++) sum += Math.abs(actual[i] - forecast[i]);
        errors.push(sum / actual.length / scale);
      }
      if (errors.length !== names.length) continue;
      names.forEach((n, i) => (sums[n] += errors[i]));
      windows++;
    }
  }
  return { windows, mase: Object.fromEntries(names.map((n) => [n, windows > 0 ? sums[n] / windows : null])) };
}
