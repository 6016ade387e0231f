import { existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { AuditService } from '../src/audit/audit.service';
import { entryHash, entryHmac, GENESIS_HASH } from '../src/audit/chain';
import { verifyExportLines } from '../src/audit/export-file';
import { SettableClock } from '../src/clock/clock';
import { startApp, TestApp } from './support/app';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';

const VERIFY = `{ verifyAuditChain { valid entries firstBadSeq reason anchoredSeq } }`;
const HMAC_KEY = 'an audit key of at least 32 characters, for tests';

describe('audit: append-only, keyed, anchored, exportable', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp;
  let pg: Client;
  let admin: string;
  let dataDir: string;
  const clock = new SettableClock('2026-03-02T10:00:00.000Z');
  const prefix = () => `nn-test-${db.name}`;

  beforeAll(async () => {
    db = await freshDatabase('audit');
    dataDir = mkdtempSync(join(tmpdir(), 'nn-audit-'));
    app = await startApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix(), AUDIT_HMAC_KEY: HMAC_KEY, DATA_DIR: dataDir }, { clock });
    pg = await sql(db.url);
    admin = await app.login('admin');
    for (const name of ['Acme', 'Bolt', 'Cogs']) {
      clock.advance(60_000);
      await app.gql(`mutation($n: String!) { upsertSuppliers(suppliers: [{ name: $n, defaultLeadTimeDays: 7 }]) { name } }`, { n: name }, admin);
    }
  });

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    if (db) await dropQueueKeys(prefix());
    await db?.drop();
    if (dataDir) rmSync(dataDir, { recursive: true, force: true });
  });

  const verify = async () => (await app.gql(VERIFY, undefined, admin)).data?.verifyAuditChain;
  const entries = async () => (await pg.query(`SELECT count(*)::int AS n FROM audit_log`)).rows[0].n as number;
  /** What an attacker with the database owner's rights does first. */
  const asOwner = async (work: () => Promise<unknown>) => {
    await pg.query(`ALTER TABLE audit_log DISABLE TRIGGER USER`);
    await pg.query(`ALTER TABLE audit_anchors DISABLE TRIGGER USER`);
    try {
      await work();
    } finally {
      await pg.query(`ALTER TABLE audit_log ENABLE TRIGGER USER`);
      await pg.query(`ALTER TABLE audit_anchors ENABLE TRIGGER USER`);
    }
  };

  it('writes every entry with an HMAC under AUDIT_HMAC_KEY, and the chain verifies', async () => {
    const rows = (await pg.query(`SELECT hash, hmac FROM audit_log ORDER BY seq`)).rows;
    expect(rows.length).toBeGreaterThanOrEqual(4);
    for (const row of rows) expect(row.hmac).toBe(entryHmac(HMAC_KEY, row.hash));
    expect(await verify()).toMatchObject({ valid: true, entries: rows.length, anchoredSeq: null });
  });

  it('refuses UPDATE, DELETE and TRUNCATE on audit_log, changing nothing', async () => {
    const before = await pg.query(`SELECT * FROM audit_log ORDER BY seq`);
    await expect(pg.query(`UPDATE audit_log SET actor = 'mallory' WHERE seq = 2`)).rejects.toThrow(/append-only: UPDATE refused/);
    await expect(pg.query(`DELETE FROM audit_log WHERE seq = 2`)).rejects.toThrow(/append-only: DELETE refused/);
    await expect(pg.query(`TRUNCATE audit_log`)).rejects.toThrow(/append-only: TRUNCATE refused/);
    // Not even "sealing" an entry that already has an HMAC.
    await expect(pg.query(`UPDATE audit_log SET hmac = repeat('0', 64) WHERE seq = 2`)).rejects.toThrow(/append-only/);
    expect((await pg.query(`SELECT * FROM audit_log ORDER BY seq`)).rows).toEqual(before.rows);
  });

  it('names a rewritten payload whose hashes were recomputed (the HMACs no longer fit)', async () => {
    const rows = (await pg.query(`SELECT * FROM audit_log ORDER BY seq`)).rows;
    const target = rows.find((r) => r.action.startsWith('supplier'))!;
    await asOwner(async () => {
      // The attack: edit one payload, recompute every hash after it with the project's own chain code.
      let prev = target.prev_hash;
      for (const row of rows.filter((r) => Number(r.seq) >= Number(target.seq))) {
        const payload = Number(row.seq) === Number(target.seq) ? { ...row.payload, forged: true } : row.payload;
        const fields = { seq: Number(row.seq), actor: row.actor, action: row.action, entityType: row.entity_type, entityId: row.entity_id, payload, createdAt: new Date(row.created_at).toISOString() };
        const hash = entryHash(prev, fields);
        await pg.query(`UPDATE audit_log SET payload = $2, prev_hash = $3, hash = $4 WHERE seq = $1`, [row.seq, JSON.stringify(payload), prev, hash]);
        prev = hash;
      }
    });
    expect(await verify()).toMatchObject({ valid: false, firstBadSeq: Number(target.seq), reason: expect.stringMatching(/HMAC does not match/) });
    // Put it back (same attacker powers) for the next tests.
    await asOwner(async () => {
      for (const row of rows) await pg.query(`UPDATE audit_log SET payload = $2, prev_hash = $3, hash = $4 WHERE seq = $1`, [row.seq, JSON.stringify(row.payload), row.prev_hash, row.hash]);
    });
    expect(await verify()).toMatchObject({ valid: true });
  });

  it('anchors the newest entry in audit_anchors and a checkpoint file, and catches entries cut off the end', async () => {
    const anchored = (await app.gql(`mutation { anchorAuditChain { seq entries hash } }`, undefined, admin)).data?.anchorAuditChain;
    const total = await entries();
    expect(anchored.entries).toBe(total);
    const file = await app.runtime.app.get(AuditService).anchorFile();
    expect(file.startsWith(dataDir)).toBe(true);
    expect(JSON.parse(readFileSync(file, 'utf8'))).toMatchObject({ seq: anchored.seq, hash: anchored.hash });
    expect(await verify()).toMatchObject({ valid: true, anchoredSeq: anchored.seq });

    const saved = (await pg.query(`SELECT * FROM audit_log WHERE seq >= $1 ORDER BY seq`, [anchored.seq - 1])).rows;
    // Cut the last two entries off, and remove the anchor rows too: the checkpoint file still tells.
    await asOwner(() => pg.query(`DELETE FROM audit_log WHERE seq >= $1`, [anchored.seq - 1]));
    await asOwner(() => pg.query(`DELETE FROM audit_anchors`));
    const cut = await verify();
    expect(cut).toMatchObject({ valid: false, firstBadSeq: anchored.seq, reason: expect.stringMatching(/missing .*checkpoint file/) });

    // Everything deleted: still detected.
    const all = (await pg.query(`SELECT * FROM audit_log ORDER BY seq`)).rows;
    await asOwner(() => pg.query(`DELETE FROM audit_log`));
    expect(await verify()).toMatchObject({ valid: false, reason: expect.stringMatching(/cut off the end/) });

    await asOwner(async () => {
      for (const row of [...all, ...saved]) {
        await pg.query(
          `INSERT INTO audit_log (seq, actor, action, entity_type, entity_id, payload, created_at, prev_hash, hash, hmac) VALUES ($1,$2,$3,$4,$5,$6,$7,$8,$9,$10)`,
          [row.seq, row.actor, row.action, row.entity_type, row.entity_id, JSON.stringify(row.payload), row.created_at, row.prev_hash, row.hash, row.hmac],
        );
      }
    });
    expect(await verify()).toMatchObject({ valid: true, anchoredSeq: anchored.seq });
  });

  it('exports a time range as JSON Lines that verify offline, and names a line edited afterwards', async () => {
    const from = '2026-03-02T10:00:30.000Z';
    const to = '2026-03-02T10:02:30.000Z';
    const result = await app.gql(`query($f: DateTime!, $t: DateTime!) { exportAudit(from: $f, to: $t) }`, { f: from, t: to }, admin);
    const lines = (result.data?.exportAudit as string).trim().split('\n');
    // The Acme and Bolt supplier entries (one a minute from 10:01, then Cogs at 10:03 is outside).
    expect(lines.map((l) => JSON.parse(l).createdAt)).toEqual(['2026-03-02T10:01:00.000Z', '2026-03-02T10:02:00.000Z']);
    expect(verifyExportLines(lines, HMAC_KEY)).toMatchObject({ valid: true, entries: 2, hmacChecked: true, fromGenesis: false });
    expect(verifyExportLines(lines, 'a wrong key that is 32 chars long!')).toMatchObject({ valid: false });
    const edited = [lines[0].replace('"Acme"', '"Evil"'), lines[1]];
    expect(verifyExportLines(edited, HMAC_KEY)).toMatchObject({ valid: false, firstBadSeq: JSON.parse(lines[0]).seq });
  });

  it('refuses the export to a viewer (FORBIDDEN) and a reversed range (BAD_USER_INPUT)', async () => {
    const viewer = await app.login('viewer');
    const q = `query($f: DateTime!, $t: DateTime!) { exportAudit(from: $f, to: $t) }`;
    expect((await app.gql(q, { f: '2026-01-01T00:00:00Z', t: '2026-12-01T00:00:00Z' }, viewer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const reversed = await app.gql(q, { f: '2026-12-01T00:00:00Z', t: '2026-01-01T00:00:00Z' }, admin);
    expect(reversed.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'to' }] });
  });

  it('seals entries written before HMACs existed, once, when their chain is intact', async () => {
    const last = (await pg.query(`SELECT seq, hash FROM audit_log ORDER BY seq DESC LIMIT 1`)).rows[0];
    const seq = Number((await pg.query(`SELECT nextval('audit_log_seq_seq') AS s`)).rows[0].s);
    const fields = { seq, actor: 'old-version', action: 'legacy.entry', entityType: 'test', entityId: null, payload: {}, createdAt: '2026-03-02T11:00:00.000Z' };
    const hash = entryHash(last.hash ?? GENESIS_HASH, fields);
    await pg.query(`INSERT INTO audit_log (seq, actor, action, entity_type, entity_id, payload, created_at, prev_hash, hash) VALUES ($1,$2,$3,$4,NULL,'{}',$5,$6,$7)`, [seq, fields.actor, fields.action, fields.entityType, fields.createdAt, last.hash, hash]);
    expect(await verify()).toMatchObject({ valid: false, firstBadSeq: seq, reason: 'entry has no HMAC' });
    // The trigger lets an unsealed entry get its HMAC, but nothing else changed with it.
    await expect(pg.query(`UPDATE audit_log SET hmac = $2, actor = 'x' WHERE seq = $1`, [seq, entryHmac(HMAC_KEY, hash)])).rejects.toThrow(/append-only/);
    await app.runtime.app.get(AuditService).onApplicationBootstrap();
    expect((await pg.query(`SELECT hmac FROM audit_log WHERE seq = $1`, [seq])).rows[0].hmac).toBe(entryHmac(HMAC_KEY, hash));
    expect(await verify()).toMatchObject({ valid: true });
    expect(existsSync(join(dataDir, 'audit-hmac-key'))).toBe(false); // the configured key, nothing generated
  });

  it('anchors incrementally: an edit before the newest anchor is left to the full verify, one after it stops the anchoring', async () => {
    const service = app.runtime.app.get(AuditService);
    const first = (await service.anchor({ full: true }))!;
    for (const name of ['Dyne', 'Echo']) {
      clock.advance(60_000);
      await app.gql(`mutation($n: String!) { upsertSuppliers(suppliers: [{ name: $n, defaultLeadTimeDays: 7 }]) { name } }`, { n: name }, admin);
    }
    // Before the anchor: one field changed in place (hash and HMAC left as they were).
    const early = (await pg.query(`SELECT seq, actor FROM audit_log WHERE seq < $1 ORDER BY seq DESC LIMIT 1`, [first.seq])).rows[0];
    await asOwner(() => pg.query(`UPDATE audit_log SET actor = 'mallory' WHERE seq = $1`, [early.seq]));
    expect(await service.verifySinceAnchor()).toMatchObject({ valid: true, entries: (await entries()), fromSeq: first.seq });
    expect(await verify()).toMatchObject({ valid: false, firstBadSeq: Number(early.seq), reason: expect.stringMatching(/hash does not match/) });
    await asOwner(() => pg.query(`UPDATE audit_log SET actor = $2 WHERE seq = $1`, [early.seq, early.actor]));

    const second = (await service.anchor())!;
    expect(second.seq).toBeGreaterThan(first.seq);
    expect(second.entries).toBe(await entries());
    // After the newest anchor: the incremental walk names it and nothing is anchored.
    clock.advance(60_000);
    await app.gql(`mutation { upsertSuppliers(suppliers: [{ name: "Fizz", defaultLeadTimeDays: 7 }]) { name } }`, undefined, admin);
    const late = (await pg.query(`SELECT seq, payload FROM audit_log ORDER BY seq DESC LIMIT 1`)).rows[0];
    await asOwner(() => pg.query(`UPDATE audit_log SET payload = '{"forged": true}' WHERE seq = $1`, [late.seq]));
    expect(await service.verifySinceAnchor()).toMatchObject({ valid: false, firstBadSeq: Number(late.seq) });
    expect(await service.anchor()).toBeUndefined();
    expect(await service.latestAnchor()).toMatchObject({ seq: second.seq });
    await asOwner(() => pg.query(`UPDATE audit_log SET payload = $2 WHERE seq = $1`, [late.seq, JSON.stringify(late.payload)]));
    expect(await verify()).toMatchObject({ valid: true, anchoredSeq: second.seq });
  });
});
