import { createHash, createHmac, timingSafeEqual } from 'node:crypto';

/**
 * The audit log is a hash chain: each entry's hash is SHA-256 over the previous entry's hash and
 * the entry's canonical form, so changing, inserting or removing any entry (but the newest ones)
 * breaks every hash after it. Each entry also carries an HMAC of its hash under a key the
 * database does not hold: someone who edits a row and recomputes the hashes after it cannot make
 * the HMACs fit. An anchor — the newest (seq, hash, count), signed with the same key and kept
 * outside the table — catches entries cut off the end. Pure: no database, no clock.
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
  /** HMAC-SHA256(key, hash), hex; null for an entry not sealed yet. */
  hmac?: string | null;
}

/** The newest (seq, hash) and how many entries led to it, signed: kept outside the audit table. */
export interface AuditAnchor {
  seq: number;
  hash: string;
  entries: number;
  createdAt: string;
  signature: string;
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

/** HMAC-SHA256 under the audit key of an entry's hash (which already covers the chain before it). */
export function entryHmac(key: Buffer | string, hash: string): string {
  return createHmac('sha256', key).update(`entry\n${hash}`).digest('hex');
}

/** The signature of an anchor: HMAC-SHA256 over "anchor", seq, hash, entries and time, one per line. */
export function anchorSignature(key: Buffer | string, anchor: Omit<AuditAnchor, 'signature'>): string {
  return createHmac('sha256', key).update(`anchor\n${anchor.seq}\n${anchor.hash}\n${anchor.entries}\n${anchor.createdAt}`).digest('hex');
}

function sameHex(a: string | null | undefined, b: string): boolean {
  if (!a || a.length !== b.length) return false;
  return timingSafeEqual(Buffer.from(a), Buffer.from(b));
}

export type ChainVerdict =
  | { valid: true; entries: number; lastHash: string }
  | { valid: false; entries: number; firstBadSeq: number; reason: string };

/**
 * Walks entries in sequence order, starting from `prevHash` (genesis, or the last hash of the
 * part already verified), and names the first entry that does not fit. With `hmacKey`, every
 * entry's HMAC must match too.
 */
export function verifyChain(
  entries: Iterable<ChainedEntry>,
  start: { prevHash: string; count: number } = { prevHash: GENESIS_HASH, count: 0 },
  options: { hmacKey?: Buffer | string } = {},
): ChainVerdict {
  let prev = start.prevHash;
  let count = start.count;
  for (const entry of entries) {
    if (entry.prevHash !== prev) {
      return { valid: false, entries: count, firstBadSeq: entry.seq, reason: 'prev_hash does not match the previous entry (an entry was removed, inserted or changed)' };
    }
    if (entryHash(prev, entry) !== entry.hash) {
      return { valid: false, entries: count, firstBadSeq: entry.seq, reason: 'hash does not match the entry’s content (a field was changed)' };
    }
    if (options.hmacKey !== undefined && !sameHex(entry.hmac, entryHmac(options.hmacKey, entry.hash))) {
      return { valid: false, entries: count, firstBadSeq: entry.seq, reason: entry.hmac ? 'HMAC does not match (the chain was recomputed without the key)' : 'entry has no HMAC' };
    }
    prev = entry.hash;
    count++;
  }
  return { valid: true, entries: count, lastHash: prev };
}

/**
 * Checks a verified chain against an anchor: the anchor's signature, and that the chain still
 * holds the anchored entry with the anchored hash and at least as many entries. `hashAtSeq` is
 * the hash the chain has at the anchor's seq (undefined: no such entry any more).
 */
export function anchorProblem(key: Buffer | string, anchor: AuditAnchor, chain: { entries: number; hashAtSeq: string | undefined }): string | undefined {
  const { signature, ...fields } = anchor;
  if (!sameHex(signature, anchorSignature(key, fields))) return `anchor at entry ${anchor.seq} has a bad signature`;
  if (chain.hashAtSeq === undefined) return `entry ${anchor.seq}, anchored at ${anchor.createdAt}, is missing (entries were cut off the end)`;
  if (chain.hashAtSeq !== anchor.hash) return `entry ${anchor.seq} no longer has the anchored hash`;
  if (chain.entries < anchor.entries) return `the chain has ${chain.entries} entries, fewer than the ${anchor.entries} anchored at ${anchor.createdAt}`;
  return undefined;
}

/**
 * Where an incremental check may start: an anchor whose signature is good and whose entry is
 * still there with the anchored hash, its own content hash and its HMAC. Returns the state to
 * continue the walk from (the anchored hash and count), or what is wrong. The entries before the
 * anchor were verified when it was written; only a full walk (`verifyChain` from genesis) looks
 * at them again.
 */
export function anchorStart(key: Buffer | string, anchor: AuditAnchor, entry: ChainedEntry | undefined): { prevHash: string; count: number } | { problem: string } {
  const { signature, ...fields } = anchor;
  if (!sameHex(signature, anchorSignature(key, fields))) return { problem: `anchor at entry ${anchor.seq} has a bad signature` };
  if (!entry) return { problem: `entry ${anchor.seq}, anchored at ${anchor.createdAt}, is missing (entries were cut off the end)` };
  if (entry.hash !== anchor.hash) return { problem: `entry ${anchor.seq} no longer has the anchored hash` };
  if (entryHash(entry.prevHash, entry) !== entry.hash) return { problem: 'hash does not match the entry’s content (a field was changed)' };
  if (!sameHex(entry.hmac, entryHmac(key, entry.hash))) return { problem: 'HMAC does not match (the chain was recomputed without the key)' };
  return { prevHash: anchor.hash, count: anchor.entries };
}
