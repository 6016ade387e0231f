import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { Role } from './user.entity';

export interface UserRecord {
  id: string;
  username: string;
  passwordHash: string;
  role: Role;
  tokenVersion: number;
  disabledAt: Date | null;
  createdAt: Date;
}

const COLUMNS = `id, username, password_hash AS "passwordHash", role, token_version AS "tokenVersion", disabled_at AS "disabledAt", created_at AS "createdAt"`;

/** The `users` table: every read and write of it is here. */
@Injectable()
export class UsersRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  async findByUsername(username: string, manager: EntityManager = this.db.manager): Promise<UserRecord | undefined> {
    const rows: UserRecord[] = await manager.query(`SELECT ${COLUMNS} FROM users WHERE username = $1`, [username]);
    return rows[0];
  }

  async findById(id: string): Promise<UserRecord | undefined> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) return undefined;
    const rows: UserRecord[] = await this.db.query(`SELECT ${COLUMNS} FROM users WHERE id = $1`, [id]);
    return rows[0];
  }

  list(): Promise<UserRecord[]> {
    return this.db.query(`SELECT ${COLUMNS} FROM users ORDER BY username`);
  }

  /** Inserts the user, or (with `replace`) sets a new password and role and ends its sessions. */
  async upsert(manager: EntityManager, user: { username: string; passwordHash: string; role: Role }, replace: boolean): Promise<{ id: string; inserted: boolean } | undefined> {
    const rows: { id: string; inserted: boolean }[] = await manager.query(
      `INSERT INTO users (username, password_hash, role) VALUES ($1, $2, $3)
       ON CONFLICT (username) DO ${replace ? `UPDATE SET password_hash = EXCLUDED.password_hash, role = EXCLUDED.role, disabled_at = NULL, token_version = users.token_version + 1, updated_at = now()` : 'NOTHING'}
       RETURNING id, (xmax = 0) AS inserted`,
      [user.username, user.passwordHash, user.role],
    );
    return rows[0];
  }

  /** Applies a change and bumps token_version, so tokens issued before it stop working. */
  async update(manager: EntityManager, username: string, change: { role?: Role; passwordHash?: string; disabled?: boolean }): Promise<UserRecord | undefined> {
    const result: [UserRecord[], number] = await manager.query(
      `UPDATE users SET role = COALESCE($2, role), password_hash = COALESCE($3, password_hash),
              disabled_at = CASE WHEN $4::boolean IS NULL THEN disabled_at WHEN $4 THEN COALESCE(disabled_at, now()) ELSE NULL END,
              token_version = token_version + 1, updated_at = now()
        WHERE username = $1 RETURNING ${COLUMNS}`,
      [username, change.role ?? null, change.passwordHash ?? null, change.disabled ?? null],
    );
    // TypeORM returns [rows, affected] for UPDATE.
    return result[0][0];
  }

  /** Replaces a hash after login (same password, stronger hash); sessions stay valid. */
  async rehash(id: string, passwordHash: string): Promise<void> {
    await this.db.query(`UPDATE users SET password_hash = $2 WHERE id = $1`, [id, passwordHash]);
  }

  async exists(username: string): Promise<boolean> {
    const rows: unknown[] = await this.db.query(`SELECT 1 FROM users WHERE username = $1`, [username]);
    return rows.length > 0;
  }
}
