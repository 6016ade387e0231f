import { Inject, Injectable, Logger, OnApplicationBootstrap } from '@nestjs/common';
import { mkdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { EntityManager } from 'typeorm';
import { Clock, CLOCK } from '../clock/clock';
import { BadInputError } from '../common/errors';
import { anchorProblem, anchorSignature, anchorStart, AuditAnchor, ChainedEntry, ChainVerdict, entryHash, entryHmac, GENESIS_HASH, verifyChain } from './chain';
import { AuditRepository } from './audit.repository';

export interface AuditEvent {
  actor: string;
  action: string;
  entityType: string;
  entityId?: string | null;
  payload?: Record<string, unknown>;
}

/** The HMAC key (AUDIT_HMAC_KEY, or generated into DATA_DIR) and where the checkpoint file lives. */
export const AUDIT_KEYS = Symbol('AUDIT_KEYS');
export interface AuditKeys {
  hmacKey: string;
  /** The signed checkpoint file (the newest anchor), outside the database; default: DATA_DIR/audit-anchor.<database>.json. */
  anchorFile?: string;
  dataDir: string;
}

const VERIFY_PAGE = 5000;
export const EXPORT_MAX_ENTRIES = 50_000;

export type AuditVerdict = ChainVerdict & {
  anchor?: { seq: number; createdAt: string; source: string };
  /** An incremental check: the entries after this anchored seq were walked (the earlier ones were verified when it was written). */
  fromSeq?: number;
};

@Injectable()
export class AuditService implements OnApplicationBootstrap {
  private readonly logger = new Logger(AuditService.name);

  constructor(
    private readonly repository: AuditRepository,
    @Inject(AUDIT_KEYS) private readonly keys: AuditKeys,
    @Inject(CLOCK) private readonly clock: Clock,
  ) {}

  /** Entries from before the HMAC column get theirs once, if their hash chain is intact. */
  async onApplicationBootstrap(): Promise<void> {
    if ((await this.repository.unsealedCount()) === 0) return;
    const verdict = await this.walk({ hmac: false });
    if (!verdict.valid) {
      this.logger.error(`audit chain broken at entry ${verdict.firstBadSeq} (${verdict.reason}); older entries left unsealed`);
      return;
    }
    let sealed = 0;
    await this.repository.transaction(async (tx) => {
      for (let after = 0; ; ) {
        const page = await this.repository.page(after, VERIFY_PAGE, tx);
        if (page.length === 0) break;
        for (const entry of page) if (!entry.hmac) (await this.repository.seal(tx, entry.seq, entryHmac(this.keys.hmacKey, entry.hash)), sealed++);
        after = page[page.length - 1].seq;
      }
    });
    this.logger.log(`sealed ${sealed} audit entries written before HMACs`);
  }

  /**
   * Appends one entry. Pass the caller's transaction manager so the entry commits with the change
   * it records; without one it runs in its own transaction. A transaction-scoped advisory lock
   * serialises appenders, so concurrent writers (API, workers) keep a single chain.
   */
  async append(event: AuditEvent, manager?: EntityManager): Promise<ChainedEntry> {
    if (manager?.queryRunner?.isTransactionActive) return this.appendIn(manager, event);
    return this.repository.transaction((tx) => this.appendIn(tx, event));
  }

  private async appendIn(tx: EntityManager, event: AuditEvent): Promise<ChainedEntry> {
    const prevHash = (await this.repository.lockTail(tx)) ?? GENESIS_HASH;
    const seq = await this.repository.nextSeq(tx);
    const fields = {
      seq,
      actor: event.actor,
      action: event.action,
      entityType: event.entityType,
      entityId: event.entityId ?? null,
      payload: event.payload ?? {},
      createdAt: this.clock.now().toISOString(),
    };
    const hash = entryHash(prevHash, fields);
    const entry = { ...fields, prevHash, hash, hmac: entryHmac(this.keys.hmacKey, hash) };
    await this.repository.insert(tx, entry);
    return entry;
  }

  /**
   * Walks the whole chain (hashes and HMACs) and checks it against the newest anchors (the
   * audit_anchors row and the checkpoint file), so edits, recomputed chains and cut-off ends are
   * all named.
   */
  async verify(): Promise<AuditVerdict> {
    const anchors = await this.anchors();
    const hashAt = new Map<number, string>();
    const verdict = await this.walk({ hmac: true, watch: new Set(anchors.map((a) => a.anchor.seq)), hashAt });
    if (!verdict.valid) return verdict;
    for (const { anchor, source } of anchors) {
      const problem = anchorProblem(this.keys.hmacKey, anchor, { entries: verdict.entries, hashAtSeq: hashAt.get(anchor.seq) });
      if (problem) return { valid: false, entries: verdict.entries, firstBadSeq: anchor.seq, reason: `${problem} [${source}]` };
    }
    const newest = anchors.sort((a, b) => b.anchor.seq - a.anchor.seq)[0];
    return newest ? { ...verdict, anchor: { seq: newest.anchor.seq, createdAt: newest.anchor.createdAt, source: newest.source } } : verdict;
  }

  /**
   * The incremental check the anchoring cron runs: every anchor (audit_anchors row, checkpoint
   * file) must be signed and its entry still there with the anchored hash and HMAC; then only
   * the entries after the newest anchor are walked, from its hash and count. Its cost grows with
   * what was written since the last anchor, not with the whole log. Tampering before the newest
   * anchor (that keeps the anchored entry's hash) is for the full `verify()` to find — the CLI's
   * verify-audit and `verifyAuditChain`. Without an anchor it is the full walk.
   */
  async verifySinceAnchor(): Promise<AuditVerdict> {
    const anchors = await this.anchors();
    if (anchors.length === 0) return this.verify();
    let base: { anchor: AuditAnchor; source: string; start: { prevHash: string; count: number } } | undefined;
    for (const { anchor, source } of anchors) {
      const start = anchorStart(this.keys.hmacKey, anchor, await this.repository.entryAt(anchor.seq));
      if ('problem' in start) return { valid: false, entries: 0, firstBadSeq: anchor.seq, reason: `${start.problem} [${source}]` };
      if (!base || anchor.seq > base.anchor.seq) base = { anchor, source, start };
    }
    const verdict = await this.walk({ hmac: true, from: { afterSeq: base!.anchor.seq, ...base!.start } });
    if (!verdict.valid) return verdict;
    for (const { anchor, source } of anchors) {
      const problem = anchorProblem(this.keys.hmacKey, anchor, { entries: verdict.entries, hashAtSeq: anchor.hash });
      if (problem) return { valid: false, entries: verdict.entries, firstBadSeq: anchor.seq, reason: `${problem} [${source}]` };
    }
    return { ...verdict, anchor: { seq: base!.anchor.seq, createdAt: base!.anchor.createdAt, source: base!.source }, fromSeq: base!.anchor.seq };
  }

  /**
   * Records the newest (seq, hash, count), signed, in audit_anchors and in the checkpoint file —
   * only after the chain verifies, so a tampered chain is never anchored. By default the check is
   * incremental (`verifySinceAnchor`: from the newest anchor on); `full` walks the whole chain.
   */
  async anchor(options: { full?: boolean } = {}): Promise<AuditAnchor | undefined> {
    const verdict = options.full ? await this.verify() : await this.verifySinceAnchor();
    if (!verdict.valid) {
      this.logger.error(`audit chain not anchored: broken at entry ${verdict.firstBadSeq} (${verdict.reason})`);
      return undefined;
    }
    if (verdict.entries === 0) return undefined;
    const tail = await this.repository.list({ limit: 1 });
    const fields = { seq: tail[0].seq, hash: tail[0].hash, entries: verdict.entries, createdAt: this.clock.now().toISOString() };
    const anchor = { ...fields, signature: anchorSignature(this.keys.hmacKey, fields) };
    await this.repository.insertAnchor(anchor);
    const file = await this.anchorFile();
    mkdirSync(dirname(file), { recursive: true });
    const temporary = `${file}.tmp`;
    writeFileSync(temporary, JSON.stringify(anchor) + '\n', { mode: 0o600 });
    renameSync(temporary, file);
    return anchor;
  }

  /** The newest anchor (for the daily report), or undefined before the first one. */
  latestAnchor(): Promise<AuditAnchor | undefined> {
    return this.repository.latestAnchor();
  }

  list(options: { entityType?: string; entityId?: string; limit: number; beforeSeq?: number }): Promise<ChainedEntry[]> {
    return this.repository.list(options);
  }

  /** The entries created in [from, to) as JSON Lines, oldest first: what `verify-audit --file` checks offline. */
  async *exportLines(from: Date, to: Date, maxEntries = Number.POSITIVE_INFINITY): AsyncGenerator<string> {
    if (Number.isNaN(from.getTime())) throw BadInputError.field('from', 'expected an ISO-8601 date-time');
    if (Number.isNaN(to.getTime())) throw BadInputError.field('to', 'expected an ISO-8601 date-time');
    if (to <= from) throw BadInputError.field('to', 'must be after from');
    let exported = 0;
    for (let after = 0; ; ) {
      const page = await this.repository.range(from, to, after, VERIFY_PAGE);
      if (page.length === 0) return;
      for (const entry of page) {
        if (++exported > maxEntries) throw BadInputError.field('to', `more than ${maxEntries} entries in the range; export a shorter one or use the CLI (neuronexus export-audit)`);
        yield JSON.stringify(entry) + '\n';
      }
      after = page[page.length - 1].seq;
    }
  }

  private async walk(options: { hmac: boolean; watch?: Set<number>; hashAt?: Map<number, string>; from?: { afterSeq: number; prevHash: string; count: number } }): Promise<ChainVerdict> {
    let state = options.from ? { prevHash: options.from.prevHash, count: options.from.count } : { prevHash: GENESIS_HASH, count: 0 };
    for (let after = options.from?.afterSeq ?? 0; ; ) {
      const page = await this.repository.page(after, VERIFY_PAGE);
      if (page.length === 0) return { valid: true, entries: state.count, lastHash: state.prevHash };
      const verdict = verifyChain(page, state, options.hmac ? { hmacKey: this.keys.hmacKey } : {});
      if (!verdict.valid) return verdict;
      for (const entry of page) if (options.watch?.has(entry.seq)) options.hashAt?.set(entry.seq, entry.hash);
      state = { prevHash: verdict.lastHash, count: verdict.entries };
      after = page[page.length - 1].seq;
    }
  }

  private anchorPath?: string;
  /** One checkpoint file per database, so several databases (environments, test runs) never share one. */
  async anchorFile(): Promise<string> {
    this.anchorPath ??= this.keys.anchorFile ?? join(this.keys.dataDir, `audit-anchor.${(await this.repository.databaseName()).replace(/[^\w.-]/g, '_')}.json`);
    return this.anchorPath;
  }

  private async anchors(): Promise<{ anchor: AuditAnchor; source: string }[]> {
    const found: { anchor: AuditAnchor; source: string }[] = [];
    const row = await this.repository.latestAnchor();
    if (row) found.push({ anchor: row, source: 'audit_anchors' });
    const file = readAnchorFile(await this.anchorFile());
    if (file) found.push({ anchor: file, source: 'checkpoint file' });
    return found;
  }
}

function readAnchorFile(path: string): AuditAnchor | undefined {
  let text: string;
  try {
    text = readFileSync(path, 'utf8');
  } catch {
    return undefined;
  }
  try {
    const value = JSON.parse(text) as AuditAnchor;
    return typeof value.seq === 'number' && typeof value.hash === 'string' ? value : undefined;
  } catch {
    return undefined;
  }
}
