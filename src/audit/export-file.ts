import { ChainedEntry, ChainVerdict, GENESIS_HASH, verifyChain } from './chain';

export type ExportVerdict = ChainVerdict & {
  /** Sequence numbers the file covers. */
  firstSeq?: number;
  lastSeq?: number;
  /** True when the file starts at the first entry (so its link to genesis was checked too). */
  fromGenesis: boolean;
  hmacChecked: boolean;
};

/**
 * Checks an audit export (JSON Lines, one entry a line, oldest first) offline: every line
 * parses, the entries chain to each other (and to genesis when the file starts at the first
 * entry), and — when the key is given — every HMAC matches. Pure: the caller reads the file.
 */
export function verifyExportLines(lines: Iterable<string>, hmacKey?: string): ExportVerdict {
  const entries: ChainedEntry[] = [];
  let lineNumber = 0;
  for (const line of lines) {
    lineNumber++;
    if (line.trim() === '') continue;
    let entry: ChainedEntry;
    try {
      entry = JSON.parse(line) as ChainedEntry;
    } catch {
      return { valid: false, entries: entries.length, firstBadSeq: -1, reason: `line ${lineNumber} is not JSON`, fromGenesis: false, hmacChecked: false };
    }
    if (typeof entry.seq !== 'number' || typeof entry.hash !== 'string' || typeof entry.prevHash !== 'string') {
      return { valid: false, entries: entries.length, firstBadSeq: -1, reason: `line ${lineNumber} is not an audit entry (seq, prevHash, hash)`, fromGenesis: false, hmacChecked: false };
    }
    entries.push(entry);
  }
  if (entries.length === 0) return { valid: true, entries: 0, lastHash: GENESIS_HASH, fromGenesis: false, hmacChecked: hmacKey !== undefined };
  const first = entries[0];
  const fromGenesis = first.seq === 1 || first.prevHash === GENESIS_HASH;
  // A range from the middle of the chain starts from its first entry's prev_hash (the link before it is outside the file).
  const verdict = verifyChain(entries, { prevHash: fromGenesis ? GENESIS_HASH : first.prevHash, count: 0 }, hmacKey !== undefined ? { hmacKey } : {});
  return { ...verdict, firstSeq: first.seq, lastSeq: entries[entries.length - 1].seq, fromGenesis, hmacChecked: hmacKey !== undefined };
}
