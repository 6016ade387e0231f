import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditService } from '../../audit/audit.service';
import { GlobalTreeModel } from '../models/global-tree';
import { trainGlobalTreeOffThread } from './train-off-thread';
import { denseWeeklyHistory } from './weekly-history';

export const GLOBAL_TREE_KIND = 'global-tree';
const HISTORY_WEEKS = 104;

/**
 * Versioned model artifacts in PostgreSQL. The global tree model is trained once per run when
 * none is stored or the newest is older than the allowed age, and each process loads a version
 * once (not once per SKU).
 */
@Injectable()
export class ModelStoreService {
  private readonly logger = new Logger(ModelStoreService.name);
  private readonly loaded = new Map<string, GlobalTreeModel>();

  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly audit: AuditService,
  ) {}

  /** The id of a fresh enough global model, training and storing a new version when needed. */
  async ensureGlobalModel(lastWeekStart: string, maxAgeDays: number, seed = 1): Promise<string | null> {
    const [latest]: { id: string; fresh: boolean }[] = await this.db.query(
      `SELECT id, trained_at > now() - make_interval(days => $2) AS fresh FROM model_artifacts WHERE kind = $1 ORDER BY version DESC LIMIT 1`,
      [GLOBAL_TREE_KIND, maxAgeDays],
    );
    if (latest?.fresh) return latest.id;

    const started = Date.now();
    const series = await this.trainingSeries(lastWeekStart);
    if (series.length === 0) return latest?.id ?? null;
    // Bias correction: the log1p target makes the tree's mean a median; measured on weekly demand it
    // removes the -1.8 % total bias and brings p90/p95/p99 coverage to 0.900/0.938/0.977 (docs/bench/gbdt.md).
    const model = await trainGlobalTreeOffThread(series, { season: 52, horizon: 4, seed, biasCorrection: true });
    const trainingMs = Date.now() - started;
    const json = model.toJSON();
    const [saved]: { id: string; version: number }[] = await this.db.query(
      `INSERT INTO model_artifacts (kind, version, training_series, params, metrics, artifact)
       SELECT $1, COALESCE(max(version), 0) + 1, $2, $3, $4, $5 FROM model_artifacts WHERE kind = $1
       RETURNING id, version`,
      [GLOBAL_TREE_KIND, series.length, JSON.stringify({ season: 52, horizon: 4, seed, biasCorrection: true }), JSON.stringify({ trainingMs }), JSON.stringify(json)],
    );
    this.loaded.set(saved.id, model);
    this.logger.log(`trained global tree model v${saved.version} on ${series.length} series in ${trainingMs} ms`);
    await this.audit.append({ actor: 'system', action: 'model.trained', entityType: 'model_artifact', entityId: saved.id, payload: { kind: GLOBAL_TREE_KIND, version: saved.version, series: series.length, trainingMs } });
    return saved.id;
  }

  /** For ops (ProductionModelSource): when the newest global model was trained. */
  async productionModelTrainedAt(): Promise<Date | null> {
    const [row]: { trained_at: Date }[] = await this.db.query(`SELECT trained_at FROM model_artifacts WHERE kind = $1 ORDER BY version DESC LIMIT 1`, [GLOBAL_TREE_KIND]);
    return row ? new Date(row.trained_at) : null;
  }

  /** Loads (once per process) the stored global model with this id. */
  async globalModel(id: string): Promise<GlobalTreeModel> {
    const cached = this.loaded.get(id);
    if (cached) return cached;
    const [row]: { artifact: unknown }[] = await this.db.query(`SELECT artifact FROM model_artifacts WHERE id = $1`, [id]);
    if (!row) throw new Error(`model artifact ${id} not found`);
    const model = GlobalTreeModel.fromJSON(row.artifact as Parameters<typeof GlobalTreeModel.fromJSON>[0]);
    this.loaded.set(id, model);
    return model;
  }

  private async trainingSeries(lastWeekStart: string): Promise<number[][]> {
    const rows: { item_id: string; week_start: string; quantity: string }[] = await this.db.query(
      `SELECT u.item_id, u.week_start, u.quantity FROM usage_history u JOIN inventory_items i ON i.id = u.item_id
        WHERE i.active AND u.week_start > $1::date - 7 * $2 AND u.week_start <= $1::date ORDER BY u.item_id`,
      [lastWeekStart, HISTORY_WEEKS],
    );
    const byItem = new Map<string, { weekStart: string; quantity: number }[]>();
    for (const r of rows) {
      const list = byItem.get(r.item_id) ?? [];
      list.push({ weekStart: r.week_start, quantity: Number(r.quantity) });
      byItem.set(r.item_id, list);
    }
    return [...byItem.values()].map((list) => denseWeeklyHistory(list, lastWeekStart, HISTORY_WEEKS)).filter((s) => s.length >= 12);
  }
}
