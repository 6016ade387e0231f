import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { PostgresQueryRunner } from 'typeorm/driver/postgres/PostgresQueryRunner';
import { ImportService } from '../src/inventory/import.service';
import { startApp, TestApp } from './support/app';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';
import { tcpProxy } from './support/tcp-proxy';

const ITEMS = `mutation($items: [ItemInput!]!) { upsertItems(items: $items) { inserted updated } }`;
const USAGE = `mutation($usage: [UsageInput!]!) { recordUsage(usage: $usage) { inserted updated } }`;

const anItem = (sku: string, overrides: Record<string, unknown> = {}) => ({ sku, name: `Item ${sku}`, unitCost: '2.50', onHand: '10', supplier: 'Acme', ...overrides });

describe('foundation: catalog, usage, roles and health over GraphQL on PostgreSQL + Redis', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp;
  let pg: Client;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    db = await freshDatabase('foundation');
    app = await startApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `nn-test-${db.name}` });
    pg = await sql(db.url);
    admin = await app.login('admin');
    viewer = await app.login('viewer');
  });

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    if (db) await dropQueueKeys(`nn-test-${db.name}`);
    await db?.drop();
  });

  const count = async (table: string) => (await pg.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;

  it('refuses a query without a token, and a forged one, as UNAUTHENTICATED', async () => {
    const anonymous = await app.gql('{ suppliers { name } }');
    expect(anonymous.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    const forged = await app.gql('{ suppliers { name } }', undefined, admin.slice(0, -3) + 'abc');
    expect(forged.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('refuses a wrong password', async () => {
    const result = await app.gql(`mutation { login(username: "test-admin", password: "wrong-password") { accessToken } }`);
    expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
  });

  it('slows further logins for a name from one address after 5 attempts (TOO_MANY_REQUESTS)', async () => {
    // 10 at once: 5 free attempts, then each must wait 1 s, 2 s, 4 s … after the one before (exact counts: test/security.e2e-spec.ts).
    const results = await Promise.all(Array.from({ length: 10 }, () => app.gql(`mutation { login(username: "mallory", password: "guess-guess") { accessToken } }`)));
    const codes = results.map((r) => r.errors?.[0].extensions?.code);
    expect(codes.filter((c) => c === 'UNAUTHENTICATED').length).toBeGreaterThanOrEqual(5);
    expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS').length).toBeGreaterThanOrEqual(1);
    expect(codes.filter((c) => c !== 'UNAUTHENTICATED' && c !== 'TOO_MANY_REQUESTS')).toEqual([]);
  });

  it('lets a viewer read but not mutate (FORBIDDEN), and writes nothing', async () => {
    expect((await app.gql('{ suppliers { name } }', undefined, viewer)).data).toEqual({ suppliers: [] });
    const result = await app.gql(ITEMS, { items: [anItem('V-1')] }, viewer);
    expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect(await count('inventory_items')).toBe(0);
  });

  it('upserts suppliers and items, then pages through items with their suppliers', async () => {
    const suppliers = await app.gql(
      `mutation($s: [SupplierInput!]!) { upsertSuppliers(suppliers: $s) { name defaultLeadTimeDays leadTimeStdDays } }`,
      { s: [{ name: 'Acme', defaultLeadTimeDays: 14, leadTimeStdDays: '2.5', contactEmail: 'orders@acme.test' }, { name: 'Bolt', defaultLeadTimeDays: 7 }] },
      admin,
    );
    expect(suppliers.data.upsertSuppliers).toEqual([
      { name: 'Acme', defaultLeadTimeDays: 14, leadTimeStdDays: '2.500' },
      { name: 'Bolt', defaultLeadTimeDays: 7, leadTimeStdDays: '0.000' },
    ]);
    const items = [anItem('A-1'), anItem('A-2', { supplier: 'Bolt' }), anItem('A-3', { unitCost: 0.1 }), anItem('A-4', { active: false })];
    expect((await app.gql(ITEMS, { items }, admin)).data.upsertItems).toEqual({ inserted: 4, updated: 0 });
    // Same rows again: nothing changes; one changed row: one update.
    expect((await app.gql(ITEMS, { items }, admin)).data.upsertItems).toEqual({ inserted: 0, updated: 0 });
    expect((await app.gql(ITEMS, { items: [anItem('A-1', { name: 'Renamed' })] }, admin)).data.upsertItems).toEqual({ inserted: 0, updated: 1 });

    const page = `query($after: String) { items(first: 2, after: $after, filter: { active: true }) { totalCount pageInfo { endCursor hasNextPage } nodes { sku unitCost supplier { name } } } }`;
    const first = (await app.gql(page, {}, viewer)).data.items;
    expect(first.totalCount).toBe(3);
    expect(first.nodes).toEqual([
      { sku: 'A-1', unitCost: '2.5000', supplier: { name: 'Acme' } },
      { sku: 'A-2', unitCost: '2.5000', supplier: { name: 'Bolt' } },
    ]);
    expect(first.pageInfo.hasNextPage).toBe(true);
    const second = (await app.gql(page, { after: first.pageInfo.endCursor }, viewer)).data.items;
    expect(second.nodes.map((n: { sku: string }) => n.sku)).toEqual(['A-3']);
    expect(second.pageInfo.hasNextPage).toBe(false);

    const search = await app.gql(`{ items(filter: { search: "renamed" }) { nodes { sku name } } }`, undefined, viewer);
    expect(search.data.items.nodes).toEqual([{ sku: 'A-1', name: 'Renamed' }]);
  });

  it('loads a page of items with suppliers and usage in a fixed number of queries (DataLoader)', async () => {
    const page = `query($n: Int!) { items(first: $n) { nodes { sku supplier { name } recentUsage(weeks: 4) { quantity } } } }`;
    const spy = jest.spyOn(PostgresQueryRunner.prototype, 'query');
    try {
      const queriesFor = async (n: number) => {
        spy.mockClear();
        const result = await app.gql(page, { n }, viewer);
        expect(result.data.items.nodes).toHaveLength(n);
        // The bearer token's session check (users, cached for 1 s) is not part of the page.
        return spy.mock.calls.filter(([text]) => !/FROM users WHERE id/.test(String(text))).length;
      };
      const two = await queriesFor(2);
      const four = await queriesFor(4);
      expect(four).toBe(two);
      // count, page, suppliers, usage: no query per item
      expect(two).toBeGreaterThanOrEqual(3);
      expect(two).toBeLessThanOrEqual(4);
    } finally {
      spy.mockRestore();
    }
  });

  it('records usage idempotently per SKU and week and shows it on the item', async () => {
    const usage = [
      { sku: 'A-1', weekStart: '2026-11-02', quantity: '5' },
      { sku: 'A-1', weekStart: '2026-11-09', quantity: 7.25 },
    ];
    expect((await app.gql(USAGE, { usage }, admin)).data.recordUsage).toEqual({ inserted: 2, updated: 0 });
    expect((await app.gql(USAGE, { usage }, admin)).data.recordUsage).toEqual({ inserted: 0, updated: 0 });
    const item = await app.gql(`{ item(sku: "A-1") { sku supplier { name } recentUsage(weeks: 4) { weekStart quantity } } }`, undefined, viewer);
    expect(item.data.item).toEqual({
      sku: 'A-1',
      supplier: { name: 'Acme' },
      recentUsage: [
        { weekStart: '2026-11-02', quantity: '5.000' },
        { weekStart: '2026-11-09', quantity: '7.250' },
      ],
    });
  });

  it('rejects bad input naming the row and field, and writes nothing from that call', async () => {
    const before = await count('usage_history');
    const bad = await app.gql(
      USAGE,
      {
        usage: [
          { sku: 'A-1', weekStart: '2026-11-16', quantity: '3' },
          { sku: 'A-1', weekStart: '2026-11-23', quantity: '-1' },
          { sku: 'NOPE', weekStart: '2026-11-23', quantity: '1' },
          { sku: 'A-2', weekStart: '2026-11-31', quantity: '1' },
          { sku: 'A-2', weekStart: '2026-11-24', quantity: 'many' },
        ],
      },
      admin,
    );
    const error = bad.errors![0];
    expect(error.extensions?.code).toBe('BAD_USER_INPUT');
    expect(error.extensions?.problems).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ row: 2, field: 'quantity' }),
        expect.objectContaining({ row: 4, field: 'weekStart' }),
        expect.objectContaining({ row: 5, field: 'weekStart' }),
        expect.objectContaining({ row: 5, field: 'quantity' }),
      ]),
    );
    expect(error.message).toContain('row 2, quantity');
    expect(await count('usage_history')).toBe(before);

    const unknownSku = await app.gql(USAGE, { usage: [{ sku: 'A-1', weekStart: '2026-11-16', quantity: '3' }, { sku: 'NOPE', weekStart: '2026-11-16', quantity: '1' }] }, admin);
    expect(unknownSku.errors![0].extensions?.problems).toEqual([{ row: 2, field: 'sku', message: 'unknown SKU "NOPE"' }]);
    expect(await count('usage_history')).toBe(before);

    const duplicate = await app.gql(ITEMS, { items: [anItem('D-1'), anItem('D-1')] }, admin);
    expect(duplicate.errors![0].extensions?.problems).toEqual([expect.objectContaining({ row: 2, field: 'sku' })]);
    const unknownSupplier = await app.gql(ITEMS, { items: [anItem('D-2', { supplier: 'Nobody' })] }, admin);
    expect(unknownSupplier.errors![0].extensions?.problems).toEqual([expect.objectContaining({ row: 1, field: 'supplier' })]);
    expect((await pg.query(`SELECT count(*)::int AS n FROM inventory_items WHERE sku LIKE 'D-%'`)).rows[0].n).toBe(0);

    const oversized = await app.gql(USAGE, { usage: Array.from({ length: 10001 }, (_, i) => ({ sku: 'A-1', weekStart: '2026-11-16', quantity: String(i) })) }, admin);
    expect(oversized.errors![0].extensions?.problems).toEqual([expect.objectContaining({ field: 'rows', message: 'at most 10000 rows per call, got 10001' })]);
  });

  it('adjusts stock by a delta and refuses to go below zero', async () => {
    const moved = await app.gql(`mutation { adjustStock(sku: "A-2", delta: "-4", reason: "cycle count") { onHand } }`, undefined, admin);
    expect(moved.errors).toBeUndefined();
    expect(moved.data.adjustStock.onHand).toBe('6.000');
    const below = await app.gql(`mutation { adjustStock(sku: "A-2", delta: "-7", reason: "oops") { onHand } }`, undefined, admin);
    expect(below.errors![0].extensions?.code).toBe('BAD_USER_INPUT');
    expect((await pg.query(`SELECT on_hand FROM inventory_items WHERE sku = 'A-2'`)).rows[0].on_hand).toBe('6.000');
  });

  it('imports a daily usage CSV into ISO weeks, reports bad lines, and changes nothing on re-import', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'nn-import-'));
    const file = join(dir, 'usage.csv');
    writeFileSync(
      file,
      ['sku,date,quantity', 'A-3,2026-10-05,1.5', 'A-3,2026-10-11,2', 'A-3,2026-10-12,4', 'A-3,2026-10-13,-2', 'GHOST,2026-10-13,1', 'A-3,2026-02-30,1', 'A-2,2026-10-06,0.1', '', 'A-2,2026-10-07', 'A-2,2026-10-07,0.2'].join('\n') + '\n',
    );
    const importer = app.runtime.app.get(ImportService);
    const report = await importer.importUsage(file);
    // Counts are of (SKU, day) rows: daily files are kept by day, the weeks derived from them.
    expect(report).toMatchObject({ accepted: 5, rejected: 4, inserted: 5, updated: 0, unchanged: 0 });
    expect(report.rejections.map((r) => [r.line, r.field])).toEqual([
      [5, 'quantity'],
      [6, 'sku'],
      [7, 'date'],
      [10, 'line'],
    ]);
    const weeks = await pg.query(`SELECT i.sku, u.week_start, u.quantity FROM usage_history u JOIN inventory_items i ON i.id = u.item_id WHERE i.sku IN ('A-2','A-3') ORDER BY 1, 2`);
    expect(weeks.rows).toEqual([
      { sku: 'A-2', week_start: '2026-10-05', quantity: '0.300' },
      { sku: 'A-3', week_start: '2026-10-05', quantity: '3.500' },
      { sku: 'A-3', week_start: '2026-10-12', quantity: '4.000' },
    ]);
    const again = await importer.importUsage(file);
    expect(again).toMatchObject({ accepted: 5, rejected: 4, inserted: 0, updated: 0, unchanged: 5 });
  });

  it('answers /health with the database and Redis up', async () => {
    const response = await fetch(`${app.url}/health`);
    expect(response.status).toBe(200);
    const body: any = await response.json();
    expect(body.info).toMatchObject({ database: { status: 'up' }, redis: { status: 'up' } });
    expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
  });
});

describe('health when the database is unreachable', () => {
  it('answers 503 naming the database', async () => {
    const db = await freshDatabase('health');
    const target = new URL(db.url);
    const proxy = await tcpProxy({ host: target.hostname, port: Number(target.port || 5432) });
    const viaProxy = new URL(db.url);
    viaProxy.port = String(proxy.port);
    const app = await startApp({ DATABASE_URL: viaProxy.toString() });
    try {
      expect((await fetch(`${app.url}/health`)).status).toBe(200);
      proxy.cut();
      const response = await fetch(`${app.url}/health`);
      expect(response.status).toBe(503);
      const body: any = await response.json();
      expect(body.error.database.status).toBe('down');
      expect((await fetch(`${app.url}/health/live`)).status).toBe(200);
    } finally {
      await app.close().catch(() => undefined);
      await proxy.close();
      await db.drop();
    }
  });
});
