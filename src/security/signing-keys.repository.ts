import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';

export interface SigningKeyRow {
  kid: string;
  secretSealed: string;
  createdAt: Date;
  retiredAt: Date | null;
  verifyUntil: Date | null;
}

/** The `signing_keys` table: every read and write of it is here. */
@Injectable()
export class SigningKeysRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /** Keys that may still verify at `now`, newest first. */
  usable(now: Date): Promise<SigningKeyRow[]> {
    return this.db.query(
      `SELECT kid, secret_sealed AS "secretSealed", created_at AS "createdAt", retired_at AS "retiredAt", verify_until AS "verifyUntil"
         FROM signing_keys WHERE verify_until IS NULL OR verify_until > $1 ORDER BY created_at DESC, kid DESC`,
      [now],
    );
  }

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Retires every signing key (they verify until `verifyUntil`) and inserts the new one, which signs from now. */
  async rotate(manager: EntityManager, key: { kid: string; secretSealed: string }, now: Date, verifyUntil: Date): Promise<string[]> {
    const [retired]: [{ kid: string }[], number] = await manager.query(`UPDATE signing_keys SET retired_at = $1, verify_until = $2 WHERE retired_at IS NULL RETURNING kid`, [now, verifyUntil]);
    await manager.query(`INSERT INTO signing_keys (kid, secret_sealed, created_at) VALUES ($1, $2, $3)`, [key.kid, key.secretSealed, now]);
    return retired.map((r) => r.kid);
  }
}
