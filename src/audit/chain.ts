import { createHash } from 'node:crypto';

/**
 * The audit log is a hash chain: each entry's hash is SHA-256 over the previous entry's hash and
 * the entry's canonical form, so changing, inserting or removing any entry (but the newest ones)
 * breaks every hash after it. Pure: no database, no clock.
 */
export interface AuditFields {
  seq: number;
  actor: string;
  action: string;
  entityType: string;
  entityId: string | null;
  payload: unknown;
  /** ISO-8601, millisecond precision, UTC */
  createdAt: string;
}

export interface ChainedEntry extends AuditFields {
  prevHash: string;
  hash: string;
}

/** The hash the first entry chains to. */
export const GENESIS_HASH = '0'.repeat(64);

/** JSON with object keys sorted at every depth, so equal values always give equal text. */
export function canonicalJson(value: unknown): string {
  if (value === null || typeof value !== 'object') {
    if (typeof value === 'number' && !Number.isFinite(value)) return 'null';
    return JSON.stringify(value ?? null);
  }
  if (value instanceof Date) return JSON.stringify(value.toISOString());
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  const entries = Object.entries(value as Record<string, unknown>)
    .filter(([, v]) => v !== undefined)
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
}

export function entryHash(prevHash: string, fields: AuditFields): string {
  const canonical = canonicalJson({
    seq: fields.seq,
    actor: fields.actor,
    action: fields.action,
    entityType: fields.entityType,
    entityId: fields.entityId,
    payload: fields.payload,
    createdAt: fields.createdAt,
  });
  return createHash('sha256').update(prevHash).update('\n').update(canonical).digest('hex');
}

export type ChainVerdict =
  | { valid: true; entries: number; lastHash: string }
  | { valid: false; entries: number; firstBadSeq: number; reason: string };

/**
 * Walks entries in sequence order, starting from `prevHash` (genesis, or the last hash of the
 * part already verified), and names the first entry that does not fit.
 */
export function verifyChain(entries: Iterable<ChainedEntry>, start: { prevHash: string; count: number } = { prevHash: GENESIS_HASH, count: 0 }): ChainVerdict {
  let prev = start.prevHash;
  let count = start.count;
  for (const entry of entries) {
    if (entry.prevHash !== prev) {
      return { valid: false, entries: count, firstBadSeq: entry.seq, reason: 'prev_hash does not match the previous entry (an entry was removed, inserted or changed)' };
    }
    if (entryHash(prev, entry) !== entry.hash) {
      return { valid: false, entries: count, firstBadSeq: entry.seq, reason: 'hash does not match the entry’s content (a field was changed)' };
    }
    prev = entry.hash;
    count++;
  }
  return { valid: true, entries: count, lastHash: prev };
}
