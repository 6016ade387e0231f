import { SettableClock } from '../clock/clock';
import { AppConfig } from '../config/config.schema';
import { ForecastRepository } from './forecast.repository';
import { ForecastService, ItemForecast } from './forecast.service';
import { ModelStoreService } from './model-store.service';

/**
 * For specs of ForecastService.forecastItems: the service inline (no thread script under jest),
 * with a stub weights repository and no model store — no database involved.
 */
export function inlineForecastService(): ForecastService {
  const repository = { recentWeightsMany: async () => new Map() } as unknown as ForecastRepository;
  const config = { FORECAST_THREADS: 0, FORECAST_HORIZON_WEEKS: 4 } as AppConfig;
  return new ForecastService(repository, {} as ModelStoreService, new SettableClock('2026-06-09T03:00:00Z'), config);
}

/** The forecast of one item's result, or a thrown error naming what came instead. */
export function forecastOf(result: ItemForecast | Error | undefined) {
  if (!result || result instanceof Error || result.kind !== 'forecast') throw new Error(`expected a forecast, got ${String(result)}`);
  return result.result;
}
