import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { TABLE_OWNERS } from '../src/database/table-owners';
import { DemoService } from '../src/inventory/demo.service';
import { ReadCache } from '../src/read-cache/read-cache';
import { READ_CACHE } from '../src/read-cache/table-changes.listener';
import { startApp, TestApp } from './support/app';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';

/**
 * The API's read cache on real PostgreSQL (issue 9): answers come from memory only while nothing
 * they read has changed — whoever changed it (this API, another process, plain SQL) — and only to a
 * user whose token and session still hold.
 */
const PAGE = `{ items(first: 5) { totalCount nodes { sku name onHand supplier { name } } } }`;
const SKU = 'SKU-00001';

describe('read cache: typical reads from memory, dropped by PostgreSQL change notifications', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp;
  let pg: Client;
  let cache: ReadCache<unknown>;
  let viewer: string;
  let admin: string;

  const firstName = async (token = viewer) => {
    const result = await app.gql<{ items: { nodes: { sku: string; name: string }[] } }>(PAGE, undefined, token);
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.items.nodes.find((n) => n.sku === SKU)!.name;
  };
  const until = async (what: () => Promise<boolean>, ms = 10_000) => {
    const deadline = Date.now() + ms;
    while (Date.now() < deadline) {
      if (await what()) return true;
      await new Promise((r) => setTimeout(r, 25));
    }
    return false;
  };

  beforeAll(async () => {
    db = await freshDatabase('read_cache');
    app = await startApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `nn-test-${db.name}`, READ_CACHE_TTL_SECONDS: '600' });
    pg = await sql(db.url);
    cache = app.runtime.app.get(READ_CACHE, { strict: false });
    await app.runtime.app.get(DemoService).load({ skus: 10, weeks: 20, seed: 5, endWeekStart: '2026-11-09' });
    viewer = await app.login('viewer');
    admin = await app.login('admin');
    expect(await until(async () => cache.online)).toBe(true);
  });

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    if (db) await dropQueueKeys(`nn-test-${db.name}`);
    await db?.drop();
  });

  it('every table announces its changes (the trigger the cache relies on); only per-import temporary tables have none', async () => {
    const { rows } = await pg.query(`SELECT c.relname FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = 'nn_notify_table_change'`);
    const withTrigger = new Set(rows.map((r) => r.relname));
    const tables = (await pg.query(`SELECT tablename FROM pg_tables WHERE schemaname = current_schema() AND tablename <> 'migrations'`)).rows.map((r) => r.tablename);
    expect(tables.filter((t) => !withTrigger.has(t))).toEqual([]);
    // the rest of table-owners.ts are the import's temporary tables, which are not in pg_tables' schema
    expect(Object.keys(TABLE_OWNERS).filter((t) => !withTrigger.has(t)).sort()).toEqual(['usage_changed_weeks', 'usage_staged_days', 'usage_staging']);
  });

  it('answers a repeated read from memory: a change PostgreSQL does not announce stays unseen', async () => {
    const before = await firstName();
    const hits = cache.stats.hits;
    await pg.query(`ALTER TABLE inventory_items DISABLE TRIGGER nn_notify_table_change`);
    try {
      await pg.query(`UPDATE inventory_items SET name = 'renamed quietly' WHERE sku = $1`, [SKU]);
      expect(await firstName()).toBe(before);
      expect(cache.stats.hits).toBeGreaterThan(hits);
    } finally {
      await pg.query(`ALTER TABLE inventory_items ENABLE TRIGGER nn_notify_table_change`);
    }
  });

  it('a commit by another process (plain SQL here) is seen as soon as its notification arrives', async () => {
    await firstName();
    const sent = Date.now();
    await pg.query(`UPDATE inventory_items SET name = 'renamed elsewhere' WHERE sku = $1`, [SKU]);
    expect(await until(async () => (await firstName()) === 'renamed elsewhere', 2_000)).toBe(true);
    expect(Date.now() - sent).toBeLessThan(2_000);
  });

  it("a change to a table the answer read through a field resolver (the item's supplier) drops it too", async () => {
    const supplierOf = async () => (await app.gql(PAGE, undefined, viewer)).data.items.nodes.find((n: { sku: string }) => n.sku === SKU).supplier?.name as string;
    const before = await supplierOf();
    await supplierOf();
    await pg.query(`UPDATE suppliers SET name = name || ' (renamed)' WHERE name = $1`, [before]);
    expect(await until(async () => (await supplierOf()) === `${before} (renamed)`, 2_000)).toBe(true);
  });

  it("a mutation's caller reads its own write at once, without waiting for the notification", async () => {
    await firstName(admin);
    // no notification at all: only the API's own record of its commit can drop the answer
    await pg.query(`ALTER TABLE inventory_items DISABLE TRIGGER nn_notify_table_change`);
    try {
      const upsert = await app.gql(`mutation($items: [ItemInput!]!) { upsertItems(items: $items) { updated } }`, { items: [{ sku: SKU, name: 'renamed by the API', unitCost: '2.50' }] }, admin);
      expect(upsert.errors).toBeUndefined();
      expect(await firstName(admin)).toBe('renamed by the API');
      // the same for a write by a service of the API's process outside any request (an in-process job, a CLI command)
      await firstName(admin);
      await app.runtime.app.get(DataSource).query(`UPDATE inventory_items SET name = 'renamed by a job' WHERE sku = $1`, [SKU]);
      expect(await firstName(admin)).toBe('renamed by a job');
      await firstName(admin);
      await app.runtime.app.get(DataSource).transaction(async (tx) => {
        await tx.query(`UPDATE inventory_items SET name = 'renamed in a transaction' WHERE sku = $1`, [SKU]);
        await tx.query(`SELECT 1`);
      });
      expect(await firstName(admin)).toBe('renamed in a transaction');
    } finally {
      await pg.query(`ALTER TABLE inventory_items ENABLE TRIGGER nn_notify_table_change`);
    }
  });

  it('serves a stored answer only to a signed-in user whose session still holds', async () => {
    await firstName();
    const anonymous = await app.gql(PAGE);
    expect(anonymous.data).toBeFalsy();
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const other = await app.login('approver');
    await app.gql(`mutation { disableUser(username: "test-approver") { username } }`, undefined, admin);
    // the approver's token is still unexpired, but its session has ended
    await new Promise((r) => setTimeout(r, 1_100)); // the session check's own 1 s cache (SESSION_CACHE_MS)
    const refused = await app.gql(PAGE, undefined, other);
    expect(refused.data).toBeFalsy();
    expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('answers with errors are not kept', async () => {
    const missing = `{ item(sku: "NEW-1") { sku name } }`;
    expect((await app.gql(missing, undefined, viewer)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    await app.gql(`mutation($items: [ItemInput!]!) { upsertItems(items: $items) { inserted } }`, { items: [{ sku: 'NEW-1', name: 'new', unitCost: '1' }] }, admin);
    expect((await app.gql(missing, undefined, viewer)).data?.item.name).toBe('new');
  });

  it('with its listening connection gone the cache serves nothing, then comes back by itself', async () => {
    await firstName();
    await pg.query(`SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE application_name = 'neuronexus-read-cache' AND datname = current_database()`);
    expect(await until(async () => !cache.online, 5_000)).toBe(true);
    // a change while nobody listens: it must not be hidden by an old answer
    await pg.query(`ALTER TABLE inventory_items DISABLE TRIGGER nn_notify_table_change`);
    try {
      await pg.query(`UPDATE inventory_items SET name = 'renamed while offline' WHERE sku = $1`, [SKU]);
      if (!cache.online) expect(await firstName()).toBe('renamed while offline');
    } finally {
      await pg.query(`ALTER TABLE inventory_items ENABLE TRIGGER nn_notify_table_change`);
    }
    expect(await until(async () => cache.online, 10_000)).toBe(true);
    expect(await firstName()).toBe('renamed while offline');
    const hits = cache.stats.hits;
    await firstName();
    expect(cache.stats.hits).toBe(hits + 1);
  });

  it('identical reads at once execute once', async () => {
    await pg.query(`UPDATE inventory_items SET on_hand = on_hand + 1 WHERE sku = $1`, [SKU]);
    await until(async () => false, 200); // let the notification arrive
    const { stored, joined, hits } = { ...cache.stats };
    const answers = await Promise.all(Array.from({ length: 8 }, () => app.gql(PAGE, undefined, viewer)));
    expect(new Set(answers.map((a) => JSON.stringify(a.data))).size).toBe(1);
    expect(answers[0].data.items.nodes.length).toBe(5);
    // one of the eight executed and filed its answer; the seven others waited for it or read it
    expect(cache.stats.stored - stored).toBe(1);
    expect(cache.stats.joined - joined + (cache.stats.hits - hits)).toBe(7);
  });

  it('answers a stored read before Apollo byte for byte as Apollo did, and through Apollo for other Accept headers', async () => {
    const post = (accept?: string) =>
      fetch(`${app.url}/graphql`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer}`, ...(accept ? { accept } : {}) },
        body: JSON.stringify({ query: PAGE, variables: { unused: 1 } }),
      });
    await pg.query(`UPDATE inventory_items SET on_hand = on_hand + 1 WHERE sku = $1`, [SKU]);
    await until(async () => false, 200);
    const { hits, early } = { ...cache.stats };
    const executed = await post();
    const executedText = await executed.text();
    const stored = await post();
    expect(cache.stats.hits).toBe(hits + 1);
    expect(cache.stats.early).toBe(early + 1);
    expect(stored.headers.get('content-type')).toBe(executed.headers.get('content-type'));
    expect(await stored.text()).toBe(executedText);
    const negotiated = await post('application/graphql-response+json');
    expect(negotiated.headers.get('content-type')).toMatch(/^application\/graphql-response\+json/);
    expect(await negotiated.text()).toBe(executedText);
    expect(cache.stats.hits).toBe(hits + 2);
    expect(cache.stats.early).toBe(early + 1); // through Apollo
    const metrics = await (await fetch(`${app.url}/metrics`)).text();
    expect(metrics).toMatch(/neuronexus_graphql_operation_duration_seconds_count\{operation="anonymous:items",outcome="ok"\} [1-9]/);
  });

  it('READ_CACHE_ENTRIES=0: an API without the cache answers the same reads, with no cache metrics', async () => {
    const plain = await startApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `nn-test-${db.name}-plain`, READ_CACHE_ENTRIES: '0', MIGRATIONS_RUN: 'false' });
    try {
      const token = await plain.login('viewer');
      const a = await plain.gql(PAGE, undefined, token);
      expect(a.errors).toBeUndefined();
      const { rows } = await pg.query(`SELECT sku, name FROM inventory_items ORDER BY sku COLLATE "C" LIMIT 5`);
      expect(a.data.items.nodes.map((n: { sku: string; name: string }) => [n.sku, n.name])).toEqual(rows.map((r) => [r.sku, r.name]));
      expect(await (await fetch(`${plain.url}/metrics`)).text()).not.toMatch(/neuronexus_read_cache/);
    } finally {
      await plain.close();
      await dropQueueKeys(`nn-test-${db.name}-plain`);
    }
  });

  it('reports itself on /metrics', async () => {
    const text = await (await fetch(`${app.url}/metrics`)).text();
    expect(text).toMatch(/^neuronexus_read_cache_online 1$/m);
    const hits = Number(/^neuronexus_read_cache_events_total\{event="hits"\} (\d+)$/m.exec(text)?.[1]);
    expect(hits).toBeGreaterThan(0);
  });
});
