/**
 * Prophet (Taylor & Letham 2018) through `@bsull/augurs` with the Stan model compiled to WASM
 * (`@bsull/augurs-prophet-wasmstan`): piecewise-linear trend with automatic changepoints plus a
 * Fourier seasonality, fitted by MAP (L-BFGS).
 *
 * Our histories are period indices, not dates, so the time axis is synthetic: step t is t days
 * after a fixed origin, and the one seasonality has a period of m steps (m = 52 on weekly data is
 * the yearly cycle; m = 12 on monthly data too). Fourier order min(10, ⌊m/2⌋) — Prophet's default
 * yearly order 10, capped by the m distinct positions a season has. The seasonality is only fitted
 * with at least two full seasons (Prophet's own rule for yearly seasonality).
 * The built-in daily/weekly/yearly seasonalities are off: they assume real calendar time.
 *
 * Spread: Prophet's intervals come from random simulation that the optimizer's seed does not
 * fix (same input, different intervals), so they are not used. The sd per step is the in-sample
 * residual RMS (Prophet's observation noise), flat over the horizon; it leaves out trend
 * uncertainty, so callers should calibrate it from backtest residuals.
 *
 * On some intermittent series (15 of 2,509 car-parts series) the optimizer fails ("Line search
 * failed", or a WASM trap) and fit throws; callers fall back to another model. Retrying with
 * Newton's method (as Prophet in Python does) was tried and left the WASM optimizer hanging on
 * later series, so there is no retry. The optimizer prints its failures to stderr itself.
 *
 * Slow (tens of ms per series): call `await loadAugursProphet()` once before fitting.
 */
import { FitOptions, FittedModel, ForecastModel, PointForecast } from './model';
import { assertUsableHistory, cleanSd, clipForecast, rootMeanSquare } from './history';
import { augursProphet } from './augurs';

export const PROPHET_MIN_HISTORY = 10;
const SECONDS_PER_DAY = 86_400;
/** Any fixed origin works; 2020-01-06 (a Monday) keeps timestamps readable. */
const ORIGIN_SECONDS = 1_578_268_800;

export interface ProphetModelOptions {
  /** Prophet's changepoint prior scale (flexibility of the trend), default 0.05. */
  changepointPriorScale?: number;
  seasonalityMode?: 'additive' | 'multiplicative';
}

type ProphetOptimizer = ConstructorParameters<ReturnType<typeof augursProphet>['prophet']['Prophet']>[0]['optimizer'];

export function prophetModel(options: ProphetModelOptions = {}, name = 'prophet'): ForecastModel {
  return {
    name,
    minHistory: () => PROPHET_MIN_HISTORY,
    fit(y: readonly number[], fitOptions: FitOptions): FittedModel {
      assertUsableHistory(y, PROPHET_MIN_HISTORY, name);
      const { prophet, optimizer } = augursProphet();
      const history = y.slice();
      const n = history.length;
      // A constant history (all zeros included) has nothing to fit, and Prophet's scaling
      // divides by its range: the optimizer traps. Its forecast is the constant itself.
      if (history.every((v) => v === history[0])) return constantForecast(history[0]);
      const m = Math.max(1, Math.round(fitOptions.season || 1));
      const off = { type: 'manual', enabled: false } as const;
      const model = new prophet.Prophet({
        optimizer: optimizer as ProphetOptimizer,
        yearlySeasonality: off,
        weeklySeasonality: off,
        dailySeasonality: off,
        seasonalityMode: options.seasonalityMode ?? 'additive',
        changepointPriorScale: options.changepointPriorScale ?? 0.05,
        uncertaintySamples: 0,
      });
      try {
        if (m > 1 && n >= 2 * m) {
          model.addSeasonality('season', { period: m, fourierOrder: Math.min(10, Math.floor(m / 2)) });
        }
        const ds = history.map((_, t) => ORIGIN_SECONDS + t * SECONDS_PER_DAY);
        model.fit({ ds, y: history }, { seed: fitOptions.seed ?? 0 });
        const inSample = model.predict().yhat.point;
        const sigma = rootMeanSquare(history.map((v, t) => v - inSample[t]));
        return {
          predict(h: number): PointForecast {
            const future = model.makeFutureDataframe(h, { includeHistory: false });
            const point = model.predict(future).yhat.point;
            return {
              mean: clipForecast(point.slice(0, h), history, history[n - 1]),
              sd: cleanSd(new Array<number>(h).fill(sigma)),
            };
          },
        };
      } catch (error) {
        model.free();
        throw new Error(`${name}: Prophet fit failed (${String(error)})`);
      }
    },
  };
}

function constantForecast(value: number): FittedModel {
  return {
    predict: (h: number): PointForecast => ({ mean: new Array<number>(h).fill(value), sd: new Array<number>(h).fill(0) }),
  };
}
