import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { CalibrationTable } from '../forecast/calibration';

export interface LevelAdjustmentRow {
  id: string;
  itemId: string;
  driftWeek: string;
  changeWeek: string;
  ratio: number;
  z: number;
  weeksMeasured: number;
  status: 'active' | 'dropped';
  reason: string | null;
  adjustedError: number | null;
  unadjustedError: number | null;
  createdAt: Date;
  decidedAt: Date | null;
}

export interface LearnedCalibrationRow {
  version: number;
  weekStart: string;
  calibration: CalibrationTable;
  samples: Record<string, number>;
  createdAt: Date;
}

const ADJUSTMENT_COLUMNS = `id, item_id AS "itemId", drift_week::text AS "driftWeek", change_week::text AS "changeWeek", ratio::float8 AS ratio, z::float8 AS z,
  weeks_measured AS "weeksMeasured", status, reason, adjusted_error::float8 AS "adjustedError", unadjusted_error::float8 AS "unadjustedError",
  created_at AS "createdAt", decided_at AS "decidedAt"`;

/** The learning loop's SQL (issue 11), on its own tables only: level_adjustments, learned_calibrations. */
@Injectable()
export class LoopRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  // ----- level_adjustments

  /** Inserts an active adjustment; null when the item already has one, or one for this drift week. */
  async insertAdjustment(
    row: { itemId: string; driftWeek: string; changeWeek: string; ratio: number; z: number; weeksMeasured: number; createdAt: Date },
    manager: EntityManager,
  ): Promise<LevelAdjustmentRow | null> {
    const [saved]: LevelAdjustmentRow[] = await manager.query(
      `INSERT INTO level_adjustments (item_id, drift_week, change_week, ratio, z, weeks_measured, created_at)
       VALUES ($1, $2, $3, $4, $5, $6, $7) ON CONFLICT DO NOTHING RETURNING ${ADJUSTMENT_COLUMNS}`,
      [row.itemId, row.driftWeek, row.changeWeek, row.ratio.toFixed(6), row.z.toFixed(4), row.weeksMeasured, row.createdAt],
    );
    return saved ?? null;
  }

  /** Adjustments (newest first), optionally of one item and/or status. */
  async adjustments(filter: { itemIds?: readonly string[]; status?: 'active' | 'dropped'; driftWeek?: string } = {}, manager: EntityManager = this.db.manager): Promise<LevelAdjustmentRow[]> {
    return manager.query(
      `SELECT ${ADJUSTMENT_COLUMNS} FROM level_adjustments
        WHERE ($1::uuid[] IS NULL OR item_id = ANY($1)) AND ($2::text IS NULL OR status = $2) AND ($3::date IS NULL OR drift_week = $3)
        ORDER BY created_at DESC, item_id`,
      [filter.itemIds ? [...filter.itemIds] : null, filter.status ?? null, filter.driftWeek ?? null],
    );
  }

  /** The weekly champion/challenger figures of an active adjustment; drops it when `reason` is given. Returns false when it was no longer active. */
  async reviewAdjustment(id: string, review: { weeksMeasured: number; adjustedError: number; unadjustedError: number; dropReason: string | null; at: Date }, manager: EntityManager): Promise<boolean> {
    const updated: unknown[] = await manager.query(
      `UPDATE level_adjustments SET weeks_measured = $2, adjusted_error = $3, unadjusted_error = $4,
              status = CASE WHEN $5::text IS NULL THEN status ELSE 'dropped' END, reason = COALESCE($5, reason), decided_at = CASE WHEN $5::text IS NULL THEN decided_at ELSE $6 END
        WHERE id = $1 AND status = 'active' RETURNING 1`,
      [id, review.weeksMeasured, review.adjustedError.toFixed(3), review.unadjustedError.toFixed(3), review.dropReason, review.at],
    );
    return updated.length > 0;
  }

  /** A re-estimated ratio and z of an active adjustment; dropped when `dropReason` is given. False when it was no longer active. */
  async updateRatio(id: string, update: { ratio: number; z: number; dropReason: string | null; at: Date }, manager: EntityManager): Promise<boolean> {
    const updated: unknown[] = await manager.query(
      `UPDATE level_adjustments SET ratio = $2, z = $3,
              status = CASE WHEN $4::text IS NULL THEN status ELSE 'dropped' END, reason = COALESCE($4, reason), decided_at = CASE WHEN $4::text IS NULL THEN decided_at ELSE $5 END
        WHERE id = $1 AND status = 'active' RETURNING 1`,
      [id, update.ratio.toFixed(6), update.z.toFixed(4), update.dropReason, update.at],
    );
    return updated.length > 0;
  }

  // ----- learned_calibrations

  /** Stores the week's table as the next version; null when the week already has one (idempotent). */
  async insertCalibration(row: { weekStart: string; calibration: CalibrationTable; samples: Record<string, number>; createdAt: Date }, manager: EntityManager): Promise<number | null> {
    await manager.query(`SELECT pg_advisory_xact_lock(hashtext('learned_calibrations'))`);
    const [saved]: { version: number }[] = await manager.query(
      `INSERT INTO learned_calibrations (version, week_start, calibration, samples, created_at)
       SELECT COALESCE(max(version), 0) + 1, $1, $2, $3, $4 FROM learned_calibrations
       ON CONFLICT (week_start) DO NOTHING RETURNING version`,
      [row.weekStart, JSON.stringify(row.calibration), JSON.stringify(row.samples), row.createdAt],
    );
    return saved?.version ?? null;
  }

  async latestCalibration(): Promise<LearnedCalibrationRow | null> {
    const [row]: LearnedCalibrationRow[] = await this.db.query(
      `SELECT version, week_start::text AS "weekStart", calibration, samples, created_at AS "createdAt" FROM learned_calibrations ORDER BY version DESC LIMIT 1`,
    );
    return row ?? null;
  }
}
