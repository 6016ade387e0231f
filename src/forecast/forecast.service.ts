import { Inject, Injectable, OnModuleDestroy, OnModuleInit } from '@nestjs/common';
import { EntityManager } from 'typeorm';
import { Clock, CLOCK } from '../clock/clock';
import { APP_CONFIG } from '../config/config.module';
import { AppConfig } from '../config/config.schema';
import { addWeeks } from '../common/iso-week';
import { InsufficientHistory, isInsufficientHistory, SkuForecast } from './engine';
import { ForecastCoveringWeek, ForecastRepository, ForecastRow, NewForecast } from './forecast.repository';
import { HISTORY_WEEKS } from '../common/history-window';
import { ModelStoreService } from './model-store.service';
import { loadAugurs } from './models/augurs';
import { ForecastPool } from './threads/forecast-pool';
import { denseWeeklyHistory } from './weekly-history';
import { reuseWeights, validationOriginsFor } from './weights-schedule';
import { CalibrationTable } from './calibration';
import { adjustedHistoryAt } from '../learning/loop';
import { censoredDemandHistory, censoredIndices } from './censored-demand';

/** The model name (and demand pattern) stored for cold-start forecasts. */
export const COLD_START_MODEL = 'cold-start';

/** Ensemble weights younger than this are reused instead of re-validated every night. */
export const WEIGHTS_MAX_AGE_DAYS = 7;
const DAY_MS = 24 * 3600 * 1000;

export type ItemForecast =
  | { kind: 'insufficient'; result: InsufficientHistory; historyWeeks: number }
  | { kind: 'forecast'; result: SkuForecast; historyWeeks: number; weightsFrom: Date; coldStart?: { peers: number; scale: number } };

/** What a cold-start forecast brings (learning's coldStartForecasts + its interval): per-week mean, σ, quantiles and the total. */
export interface ColdStartInput {
  mean: number[];
  sd: number[];
  quantiles: { p50: number[]; p90: number[]; p95: number[]; p99: number[] };
  total: { mean: number; sd: number; p50: number; p90: number; p95: number; p99: number };
  peers: number;
  scale: number;
}

/**
 * Forecasts for one item: reads its history (through the inventory module), fits on the thread
 * pool, stores the result. The nightly cycle calls `forecastItem` then `storeForecast` inside
 * the SKU's transaction; the math is in engine.ts.
 */
@Injectable()
export class ForecastService implements OnModuleInit, OnModuleDestroy {
  private pool?: ForecastPool;

  constructor(
    private readonly repository: ForecastRepository,
    private readonly models: ModelStoreService,
    @Inject(CLOCK) private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /** The ETS and Prophet members run on augurs' WASM modules, loaded once per process. */
  async onModuleInit(): Promise<void> {
    await loadAugurs();
  }

  async onModuleDestroy(): Promise<void> {
    await this.pool?.close();
  }

  /** Threads start on the first forecast, so API-only and CLI processes never start them. */
  private forecastPool(): ForecastPool {
    return (this.pool ??= new ForecastPool(this.config.FORECAST_THREADS));
  }

  /** A new global model version trained on the history up to `lastWeekStart` (a catalog's first model). */
  trainGlobalModel(lastWeekStart: string, actor: string): ReturnType<ModelStoreService['trainGlobalModel']> {
    return this.models.trainGlobalModel(lastWeekStart, actor);
  }

  /** Retraining: the challenger and its walk-forward backtest against the champion (model-store.service.ts). */
  retrainGlobalModel(lastWeekStart: string, championId: string | null, actor: string): ReturnType<ModelStoreService['retrainGlobalModel']> {
    return this.models.retrainGlobalModel(lastWeekStart, championId, actor);
  }

  /** When a stored model artifact was trained; null when it does not exist. */
  modelTrainedAt(id: string): Promise<Date | null> {
    return this.models.artifactTrainedAt(id);
  }

  /**
   * Forecasts items from their weekly usage up to `lastWeekStart` (sparse rows; missing weeks are
   * zero), many at once: one weights query, the fits spread over the thread pool. Ensemble
   * weights are reused on the SKU's weekly schedule (weights-schedule.ts), so a normal night fits
   * each member once. A member failing is handled inside the engine; an item whose whole forecast
   * throws gets its Error in the map, so one bad item does not cost the others.
   */
  async forecastItems(
    items: readonly { itemId: string; usage: readonly { weekStart: string; quantity: number }[] }[],
    lastWeekStart: string,
    globalModelId: string | null,
    options: {
      weights?: ReadonlyMap<string, Record<string, number>>;
      candidates?: readonly string[];
      revalidate?: boolean;
      /** The learning loop's level adjustments per item: the weeks before `changeWeek` scaled by `ratio` (learning/loop.ts). */
      levelAdjustments?: ReadonlyMap<string, { changeWeek: string; ratio: number }>;
      /** The learning loop's learned calibration table (plain object: it travels to the threads). */
      calibration?: CalibrationTable;
      /** Stock-out weeks per item (inventory's stockoutWeeks): their usage is a floor, replaced by an estimate (censored-demand.ts). */
      stockoutWeeks?: ReadonlyMap<string, readonly string[]>;
    } = {},
  ): Promise<Map<string, ItemForecast | Error>> {
    const now = this.clock.now();
    // `revalidate` (the learning module's re-evaluation): no stored weights, the engine validates afresh.
    const recent = options.revalidate ? new Map<string, { weights: Record<string, number>; from: Date }>() : await this.repository.recentWeightsMany(items.map((i) => i.itemId), new Date(now.getTime() - WEIGHTS_MAX_AGE_DAYS * DAY_MS));
    // Weights the learning module computed from realized errors take precedence (dated today).
    for (const [itemId, weights] of options.weights ?? []) recent.set(itemId, { weights, from: now });
    const model = globalModelId ? { id: globalModelId, load: () => this.models.globalModel(globalModelId) } : undefined;
    const results = await Promise.all(
      items.map(async ({ itemId, usage }): Promise<[string, ItemForecast | Error]> => {
        try {
          const adjustment = options.levelAdjustments?.get(itemId);
          const recorded = denseWeeklyHistory(usage, lastWeekStart, HISTORY_WEEKS);
          const stockouts = options.stockoutWeeks?.get(itemId);
          // Stock-out weeks first (their estimate comes from neighbouring recorded weeks), then a level adjustment scales them like the rest.
          const raw = stockouts?.length ? censoredDemandHistory(recorded, censoredIndices(stockouts, lastWeekStart, recorded.length)) : recorded;
          const history = adjustment ? adjustedHistoryAt(raw, lastWeekStart, adjustment.changeWeek, adjustment.ratio) : raw;
          const found = recent.get(itemId);
          // Learned weights (dated now) are always used; validated ones on the SKU's weekly schedule.
          const reuse = found && Object.keys(found.weights).length > 1 && reuseWeights(itemId, found.from, now, WEIGHTS_MAX_AGE_DAYS) ? found : null;
          const candidates = options.candidates ? [...options.candidates] : undefined;
          // Without reusable weights: validated on the SKU's weekday, pattern-level weights until then (weights-schedule.ts).
          // A re-evaluation (`revalidate`) always gets the full validation.
          const validationOrigins = candidates || reuse || options.revalidate ? undefined : validationOriginsFor(itemId, now, WEIGHTS_MAX_AGE_DAYS);
          const result = await this.forecastPool().forecast(history, { horizon: this.config.FORECAST_HORIZON_WEEKS, season: 52, seed: 1, weights: candidates ? undefined : reuse?.weights, candidates, validationOrigins, calibration: options.calibration }, candidates ? undefined : model);
          if (isInsufficientHistory(result)) return [itemId, { kind: 'insufficient', result, historyWeeks: history.length }];
          return [itemId, { kind: 'forecast', result, historyWeeks: history.length, weightsFrom: reuse?.from ?? now }];
        } catch (error) {
          return [itemId, error instanceof Error ? error : new Error(String(error))];
        }
      }),
    );
    return new Map(results);
  }

  /** Stores many forecasts in one statement in the caller's transaction; ids by item. */
  storeForecasts(tx: EntityManager, runId: string, lastWeekStart: string, forecasts: readonly { itemId: string; forecast: StoredItemForecast }[]): Promise<Map<string, string>> {
    return this.repository.insertMany(forecasts.map((f) => forecastRow(runId, f.itemId, lastWeekStart, f.forecast)), tx);
  }

  latestForItem(itemId: string): Promise<ForecastRow | null> {
    return this.repository.latestForItem(itemId);
  }

  /** For the learning module's realized accuracy: the stored forecasts that covered these weeks, per step. */
  coveringWeeks(itemIds: readonly string[], weekStarts: readonly string[]): Promise<ForecastCoveringWeek[]> {
    return this.repository.coveringWeeks(itemIds, weekStarts);
  }

  /** For the learning loop's realized calibration: pattern and per-week σ of these runs' forecasts. */
  spreads(pairs: readonly { runId: string; itemId: string }[]): Promise<{ runId: string; itemId: string; pattern: string; sd: number[] }[]> {
    return this.repository.spreads(pairs);
  }

  /** For the learning module's weekly weights: each item's newest ensemble weights (the members and their validation weights). */
  latestWeightsByItem(itemIds?: readonly string[]): Promise<Map<string, Record<string, number>>> {
    return this.repository.latestWeightsByItem(itemIds);
  }
}

export type StoredItemForecast = Extract<ItemForecast, { kind: 'forecast' }>;

/**
 * A cold-start forecast in the shape the cycle stores and the policy reads: stored with model
 * `cold-start`, `cold_start` true and no ensemble weights (the SKU has no members of its own yet).
 */
export function coldStartItemForecast(input: ColdStartInput, historyWeeks: number, now: Date): StoredItemForecast {
  return {
    kind: 'forecast',
    historyWeeks,
    weightsFrom: now,
    coldStart: { peers: input.peers, scale: input.scale },
    result: {
      model: 'ensemble',
      pattern: 'smooth',
      weights: {},
      pointWeights: {},
      members: [],
      memberMeans: {},
      mean: input.mean,
      point: input.mean,
      sd: input.sd,
      quantiles: input.quantiles,
      total: input.total,
      cleanedValues: 0,
      failedMembers: [],
    },
  };
}

function forecastRow(runId: string, itemId: string, lastWeekStart: string, forecast: StoredItemForecast): NewForecast {
  const f = forecast.result;
  const firstWeek = addWeeks(lastWeekStart, 1);
  return {
    runId,
    itemId,
    model: forecast.coldStart ? COLD_START_MODEL : f.model,
    demandPattern: forecast.coldStart ? COLD_START_MODEL : f.pattern,
    coldStart: forecast.coldStart !== undefined,
    firstWeekStart: firstWeek,
    horizonWeeks: f.mean.length,
    weeks: f.mean.map((mean, i) => ({
      weekStart: addWeeks(firstWeek, i),
      mean: round3(mean),
      sd: round3(f.sd[i]),
      p50: round3(f.quantiles.p50[i]),
      p90: round3(f.quantiles.p90[i]),
      p95: round3(f.quantiles.p95[i]),
      p99: round3(f.quantiles.p99[i]),
      // Each member's own mean for the week (numbers, three decimals): the learning module's
      // per-member realized accuracy reads them. ~3 members × 8 weeks is about 0.3 kB a row.
      members: Object.fromEntries(Object.entries(f.memberMeans ?? {}).map(([name, means]) => [name, Math.round(means[i] * 1000) / 1000])),
    })),
    total: { mean: round3(f.total.mean), sd: round3(f.total.sd), p50: round3(f.total.p50), p90: round3(f.total.p90), p95: round3(f.total.p95), p99: round3(f.total.p99) },
    weights: f.weights,
    weightsFrom: forecast.weightsFrom,
    failedMembers: f.failedMembers,
    historyWeeks: forecast.historyWeeks,
  };
}

/** Stored with three decimals, as text, so numeric columns get exactly this value. */
export function round3(value: number): string {
  return (Math.round(value * 1000) / 1000).toFixed(3);
}
