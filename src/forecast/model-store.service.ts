import { Inject, Injectable, Logger } from '@nestjs/common';
import { AuditService } from '../audit/audit.service';
import { Clock, CLOCK } from '../clock/clock';
import { InventoryService } from '../inventory/inventory.service';
import { ForecastRepository } from './forecast.repository';
import { GlobalTreeModel } from './models/global-tree';
import { HISTORY_WEEKS, MINIMUM_HISTORY } from '../common/history-window';
import { trainGlobalTreeOffThread } from './threads/train-off-thread';
import { denseWeeklyHistory } from './weekly-history';

export const GLOBAL_TREE_KIND = 'global-tree';
const DAY_MS = 24 * 3600 * 1000;

/**
 * Versioned model artifacts. The global tree model is trained when none is stored or the newest
 * is older than the allowed age, and each process loads a version once (not once per SKU).
 */
@Injectable()
export class ModelStoreService {
  private readonly logger = new Logger(ModelStoreService.name);
  private readonly loaded = new Map<string, GlobalTreeModel>();

  constructor(
    private readonly repository: ForecastRepository,
    private readonly inventory: InventoryService,
    private readonly audit: AuditService,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** The id of a fresh enough global model, training and storing a new version when needed. */
  async ensureGlobalModel(lastWeekStart: string, maxAgeDays: number, seed = 1): Promise<string | null> {
    const latest = await this.repository.newestArtifact(GLOBAL_TREE_KIND);
    if (latest && this.clock.now().getTime() - latest.trainedAt.getTime() < maxAgeDays * DAY_MS) return latest.id;

    const started = Date.now();
    const series = await this.trainingSeries(lastWeekStart);
    if (series.length === 0) return latest?.id ?? null;
    // Bias correction: the log1p target makes the tree's mean a median; measured on weekly demand it
    // removes the -1.8 % total bias and brings p90/p95/p99 coverage to 0.900/0.938/0.977 (docs/bench/gbdt.md).
    const params = { season: 52, horizon: 4, seed, biasCorrection: true };
    const model = await trainGlobalTreeOffThread(series, params);
    const trainingMs = Date.now() - started;
    const saved = await this.repository.insertArtifact(GLOBAL_TREE_KIND, this.clock.now(), series.length, params, { trainingMs }, model.toJSON());
    this.loaded.set(saved.id, model);
    this.logger.log(`trained global tree model v${saved.version} on ${series.length} series in ${trainingMs} ms`);
    await this.audit.append({ actor: 'system', action: 'model.trained', entityType: 'model_artifact', entityId: saved.id, payload: { kind: GLOBAL_TREE_KIND, version: saved.version, series: series.length, trainingMs } });
    return saved.id;
  }

  /** For ops (PRODUCTION_MODEL_SOURCE): when the newest global model was trained. */
  async productionModelTrainedAt(): Promise<Date | null> {
    return (await this.repository.newestArtifact(GLOBAL_TREE_KIND))?.trainedAt ?? null;
  }

  /** Loads (once per process) the stored global model with this id. */
  async globalModel(id: string): Promise<GlobalTreeModel> {
    const cached = this.loaded.get(id);
    if (cached) return cached;
    const artifact = await this.repository.artifact(id);
    if (!artifact) throw new Error(`model artifact ${id} not found`);
    const model = GlobalTreeModel.fromJSON(artifact as Parameters<typeof GlobalTreeModel.fromJSON>[0]);
    this.loaded.set(id, model);
    return model;
  }

  private async trainingSeries(lastWeekStart: string): Promise<number[][]> {
    const ids = await this.inventory.activeItemIds();
    const usage = await this.inventory.weeklyUsage(ids, lastWeekStart, HISTORY_WEEKS);
    return [...usage.values()].map((list) => denseWeeklyHistory(list, lastWeekStart, HISTORY_WEEKS)).filter((s) => s.length >= MINIMUM_HISTORY);
  }
}
