import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { RefreshRow } from './refresh-tokens';

export interface ClaimedRefresh {
  familyId: string;
  userId: string;
  tokenVersion: number;
}

/** The `refresh_tokens` table: every read and write of it is here. */
@Injectable()
export class RefreshTokensRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async insert(token: { familyId: string | null; userId: string; tokenHash: string; tokenVersion: number; createdAt: Date; expiresAt: Date }): Promise<string> {
    const [{ family_id }]: { family_id: string }[] = await this.db.query(
      `INSERT INTO refresh_tokens (family_id, user_id, token_hash, token_version, created_at, expires_at)
       VALUES (COALESCE($1::uuid, gen_random_uuid()), $2, $3, $4, $5, $6) RETURNING family_id`,
      [token.familyId, token.userId, token.tokenHash, token.tokenVersion, token.createdAt, token.expiresAt],
    );
    return family_id;
  }

  /**
   * Uses the token up, atomically: of two concurrent claims of the same token one UPDATE matches
   * and the other (after the first commits) finds used_at set and matches nothing.
   */
  async claim(tokenHash: string, now: Date): Promise<ClaimedRefresh | undefined> {
    const result: [{ family_id: string; user_id: string; token_version: number }[], number] = await this.db.query(
      `UPDATE refresh_tokens SET used_at = $2
        WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > $2
        RETURNING family_id, user_id, token_version`,
      [tokenHash, now],
    );
    const row = result[0][0];
    return row && { familyId: row.family_id, userId: row.user_id, tokenVersion: Number(row.token_version) };
  }

  async find(tokenHash: string): Promise<(RefreshRow & { familyId: string; userId: string }) | undefined> {
    const rows: { family_id: string; user_id: string; used_at: Date | null; revoked_at: Date | null; expires_at: Date }[] = await this.db.query(
      `SELECT family_id, user_id, used_at, revoked_at, expires_at FROM refresh_tokens WHERE token_hash = $1`,
      [tokenHash],
    );
    const row = rows[0];
    return row && { familyId: row.family_id, userId: row.user_id, usedAt: row.used_at && new Date(row.used_at), revokedAt: row.revoked_at && new Date(row.revoked_at), expiresAt: new Date(row.expires_at) };
  }

  /** Ends every token of the family still alive; returns how many. */
  async revokeFamily(familyId: string, now: Date, reason: string): Promise<number> {
    const result: [unknown[], number] = await this.db.query(`UPDATE refresh_tokens SET revoked_at = $2, revoked_reason = $3 WHERE family_id = $1 AND revoked_at IS NULL`, [familyId, now, reason]);
    return result[1];
  }

  /** Ends every live token of the user (their sessions were ended). */
  async revokeUser(userId: string, now: Date, reason: string, manager: EntityManager = this.db.manager): Promise<number> {
    const result: [unknown[], number] = await manager.query(`UPDATE refresh_tokens SET revoked_at = $2, revoked_reason = $3 WHERE user_id = $1 AND revoked_at IS NULL`, [userId, now, reason]);
    return result[1];
  }
}
