import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, EntityManager } from 'typeorm';
import { AuditAnchor, ChainedEntry } from './chain';

/** An arbitrary constant naming the advisory lock that serialises appends to the chain. */
const AUDIT_LOCK_KEY = 7_310_402_117;

interface AuditRow {
  seq: number | string;
  actor: string;
  action: string;
  entity_type: string;
  entity_id: string | null;
  payload: unknown;
  created_at: Date;
  prev_hash: string;
  hash: string;
  hmac: string | null;
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
    hmac: row.hmac,
  };
}

/** The `audit_log` and `audit_anchors` tables: every read and write of them is here. */
@Injectable()
export class AuditRepository {
  constructor(@InjectDataSource() private readonly db: DataSource) {}

  transaction<T>(work: (manager: EntityManager) => Promise<T>): Promise<T> {
    return this.db.transaction(work);
  }

  /** Takes the append lock (until the transaction ends) and returns the newest hash, or undefined for an empty log. */
  async lockTail(tx: EntityManager): Promise<string | undefined> {
    await tx.query('SELECT pg_advisory_xact_lock($1)', [AUDIT_LOCK_KEY]);
    const last: { hash: string }[] = await tx.query('SELECT hash FROM audit_log ORDER BY seq DESC LIMIT 1');
    return last[0]?.hash;
  }

  async nextSeq(tx: EntityManager): Promise<number> {
    const [{ seq }]: { seq: string }[] = await tx.query(`SELECT nextval('audit_log_seq_seq') AS seq`);
    return Number(seq);
  }

  async insert(tx: EntityManager, entry: ChainedEntry): Promise<void> {
    await tx.query(
      `INSERT INTO audit_log (seq, actor, action, entity_type, entity_id, payload, created_at, prev_hash, hash, hmac)
       VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10)`,
      [entry.seq, entry.actor, entry.action, entry.entityType, entry.entityId, JSON.stringify(entry.payload), entry.createdAt, entry.prevHash, entry.hash, entry.hmac],
    );
  }

  /** Entries after `afterSeq` (and up to `toSeq`), oldest first. */
  async page(afterSeq: number, limit: number, manager: EntityManager = this.db.manager): Promise<ChainedEntry[]> {
    const rows: AuditRow[] = await manager.query('SELECT * FROM audit_log WHERE seq > $1 ORDER BY seq LIMIT $2', [afterSeq, limit]);
    return rows.map(toEntry);
  }

  /** The entry with this sequence number, if it is there. */
  async entryAt(seq: number): Promise<ChainedEntry | undefined> {
    const rows: AuditRow[] = await this.db.query('SELECT * FROM audit_log WHERE seq = $1', [seq]);
    return rows[0] && toEntry(rows[0]);
  }

  /** Entries created in [from, to), oldest first, after `afterSeq` (for paging an export). */
  async range(from: Date, to: Date, afterSeq: number, limit: number): Promise<ChainedEntry[]> {
    const rows: AuditRow[] = await this.db.query(
      'SELECT * FROM audit_log WHERE created_at >= $1 AND created_at < $2 AND seq > $3 ORDER BY seq LIMIT $4',
      [from, to, afterSeq, limit],
    );
    return rows.map(toEntry);
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

  /** Sets the HMAC of an entry written before HMACs existed (the trigger allows exactly this, once). */
  async seal(tx: EntityManager, seq: number, hmac: string): Promise<void> {
    await tx.query('UPDATE audit_log SET hmac = $2 WHERE seq = $1 AND hmac IS NULL', [seq, hmac]);
  }

  async unsealedCount(): Promise<number> {
    const [{ n }]: { n: number }[] = await this.db.query('SELECT count(*)::int AS n FROM audit_log WHERE hmac IS NULL');
    return n;
  }

  async insertAnchor(anchor: AuditAnchor): Promise<void> {
    await this.db.query('INSERT INTO audit_anchors (seq, hash, entries, created_at, signature) VALUES ($1, $2, $3, $4, $5)', [anchor.seq, anchor.hash, anchor.entries, anchor.createdAt, anchor.signature]);
  }

  async databaseName(): Promise<string> {
    const [{ name }]: { name: string }[] = await this.db.query('SELECT current_database() AS name');
    return name;
  }

  async latestAnchor(): Promise<AuditAnchor | undefined> {
    const rows: { seq: string; hash: string; entries: string; created_at: Date; signature: string }[] = await this.db.query(
      'SELECT seq, hash, entries, created_at, signature FROM audit_anchors ORDER BY seq DESC, id DESC LIMIT 1',
    );
    const row = rows[0];
    return row && { seq: Number(row.seq), hash: row.hash, entries: Number(row.entries), createdAt: new Date(row.created_at).toISOString(), signature: row.signature };
  }
}
