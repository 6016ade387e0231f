import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { ChainedEntry, ChainVerdict, entryHash, GENESIS_HASH, verifyChain } from './chain';

export interface AuditEvent {
  actor: string;
  action: string;
  entityType: string;
  entityId?: string | null;
  payload?: Record<string, unknown>;
}

/** An arbitrary constant naming the advisory lock that serialises appends to the chain. */
const AUDIT_LOCK_KEY = 7_310_402_117;
const VERIFY_PAGE = 5000;

interface AuditRow {
  seq: number;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  payload: unknown;
  created_at: Date;
  prev_hash: string;
  hash: string;
}

@Injectable()
export class AuditService {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  /**
   * Appends one entry. Pass the caller's transaction manager so the entry commits with the change
   * it records; without one it runs in its own transaction. A transaction-scoped advisory lock
   * serialises appenders, so concurrent writers (API, workers) keep a single chain.
   */
  async append(event: AuditEvent, manager?: EntityManager): Promise<ChainedEntry> {
    if (manager?.queryRunner?.isTransactionActive) return this.appendIn(manager, event);
    return this.db.transaction((tx) => this.appendIn(tx, event));
  }

  private async appendIn(tx: EntityManager, event: AuditEvent): Promise<ChainedEntry> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
    const last: { hash: string }[] = await tx.query('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    const prevHash = last[0]?.hash ?? GENESIS_HASH;
    const [{ seq }]: { seq: number }[] = await tx.query(`SELECT nextval('audit_log_seq_seq')::int AS seq`);
    const entry = {
      seq,
      actor: event.actor,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId ?? null,
      payload: event.payload ?? {},
      createdAt: new Date().toISOString(),
    };
    const hash = entryHash(prevHash, entry);
    await tx.query(
      `INSERT INTO audit_log (seq, actor, action, entity_type, entity_id, payload, created_at, prev_hash, hash)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9)`,
      [seq, entry.actor, entry.action, entry.entityType, entry.entityId, JSON.stringify(entry.payload), entry.createdAt, prevHash, hash],
    );
    return { ...entry, prevHash, hash };
  }

  /** Walks the whole chain page by page and names the first entry that does not fit. */
  async verify(): Promise<ChainVerdict> {
    let state = { prevHash: GENESIS_HASH, count: 0 };
    let afterSeq = 0;
    for (;;) {
      const rows: AuditRow[] = await this.db.query('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, VERIFY_PAGE]);
      if (rows.length === 0) return { valid: true, entries: state.count, lastHash: state.prevHash };
      const verdict = verifyChain(rows.map(toEntry), state);
      if (!verdict.valid) return verdict;
      state = { prevHash: verdict.lastHash, count: verdict.entries };
      afterSeq = rows[rows.length - 1].seq;
    }
  }

  async list(options: { entityType?: string; entityId?: string; limit: number; beforeSeq?: number }): Promise<ChainedEntry[]> {
    const rows: AuditRow[] = await this.db.query(
      `SELECT * FROM audit_log
        WHERE ($1::text IS NULL OR entity_type = $1) AND ($2::text IS NULL OR entity_id = $2) AND ($3::bigint IS NULL OR seq < $3)
        ORDER BY seq DESC LIMIT $4`,
      [options.entityType ?? null, options.entityId ?? null, options.beforeSeq ?? null, options.limit],
    );
    return rows.map(toEntry);
  }
}

function toEntry(row: AuditRow): ChainedEntry {
  return {
    seq: Number(row.seq),
    actor: row.actor,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    payload: row.payload,
    createdAt: new Date(row.created_at).toISOString(),
    prevHash: row.prev_hash,
    hash: row.hash,
  };
}
