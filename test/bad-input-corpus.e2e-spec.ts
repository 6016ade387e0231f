import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Client } from 'pg';
import { SettableClock } from '../src/clock/clock';
import { toGraphQLError } from '../src/common/graphql-errors';
import { ImportReport, ImportService } from '../src/inventory/import.service';
import { InventoryService } from '../src/inventory/inventory.service';
import { startApp, TestApp } from './support/app';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';

interface GraphqlCase {
  name: string;
  category: string;
  query: string;
  variables?: Record<string, unknown>;
  variablesJson?: string;
  expect: { code: string; field: string; row?: number };
}

interface CsvCase {
  file: string;
  kind: 'items' | 'usage';
  category: string;
  expect:
    | { error: { code: string; field: string } }
    | { accepted: number; rejected: number; rejections: [number, string][]; days?: string[][]; weeks?: string[][]; items?: string[] };
}

const CORPUS = join(__dirname, 'corpus');
const graphqlCases: GraphqlCase[] = JSON.parse(readFileSync(join(CORPUS, 'graphql.json'), 'utf8')).cases;
const csvCases: CsvCase[] = JSON.parse(readFileSync(join(CORPUS, 'csv.json'), 'utf8')).cases;

/** Every table a refused call could have written to, as one text per table. */
const WATCHED = ['suppliers', 'inventory_items', 'usage_history', 'usage_daily', 'audit_log'];

describe('bad-input corpus (test/corpus): every case is a named BAD_USER_INPUT and writes nothing it should not', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp;
  let pg: Client;
  let admin: string;

  const fingerprint = async () => {
    const out: Record<string, string> = {};
    for (const table of WATCHED) {
      out[table] = (await pg.query(`SELECT count(*)::text || ':' || md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) AS f FROM ${table} t`)).rows[0].f;
    }
    return out;
  };

  beforeAll(async () => {
    db = await freshDatabase('bad_input');
    app = await startApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `nn-test-${db.name}` }, { clock: new SettableClock('2026-11-25T12:00:00Z') });
    pg = await sql(db.url);
    admin = await app.login('admin');
    const seeded = await app.gql(`mutation { upsertSuppliers(suppliers: [{ name: "Acme", defaultLeadTimeDays: 7 }]) { name } }`, undefined, admin);
    expect(seeded.errors).toBeUndefined();
    const skus = ['G-1', ...Array.from({ length: 16 }, (_, i) => `K-${String(i + 1).padStart(2, '0')}`)];
    const items = await app.gql(
      `mutation($items: [ItemInput!]!) { upsertItems(items: $items) { inserted } }`,
      { items: skus.map((sku) => ({ sku, name: `Item ${sku}`, unitCost: '1', onHand: '10', supplier: 'Acme' })) },
      admin,
    );
    expect(items.data?.upsertItems.inserted).toBe(skus.length);
  });

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    if (db) await dropQueueKeys(`nn-test-${db.name}`);
    await db?.drop();
  });

  it('has cases of every kind the issue lists', () => {
    const categories = new Set([...graphqlCases, ...csvCases].flatMap((c) => c.category.split(' / ')));
    for (const kind of ['negative', 'NaN', 'Infinity', '1e309', 'huge', 'empty', 'unicode', 'lone surrogates', 'null bytes', 'injection', 'duplicate keys', 'wrong types', 'BOM, CRLF', 'wrong delimiter', 'unclosed quotes']) {
      expect([kind, categories.has(kind)]).toEqual([kind, true]);
    }
  });

  it('sets a per-item service level and review period through upsertItems, and clears them when left out', async () => {
    const ITEM = `mutation($items: [ItemInput!]!) { upsertItems(items: $items) { inserted updated } }`;
    const read = async () => (await app.gql(`{ item(sku: "P-1") { serviceLevelTarget reviewPeriodDays } }`, undefined, admin)).data?.item;
    expect((await app.gql(ITEM, { items: [{ sku: 'P-1', name: 'p', unitCost: '1', serviceLevelTarget: '0.97', reviewPeriodDays: 14 }] }, admin)).data?.upsertItems).toEqual({ inserted: 1, updated: 0 });
    expect(await read()).toEqual({ serviceLevelTarget: 0.97, reviewPeriodDays: 14 });
    expect((await app.gql(ITEM, { items: [{ sku: 'P-1', name: 'p', unitCost: '1' }] }, admin)).data?.upsertItems).toEqual({ inserted: 0, updated: 1 });
    expect(await read()).toEqual({ serviceLevelTarget: null, reviewPeriodDays: null });
  });

  describe('GraphQL', () => {
    it.each(graphqlCases.map((c) => [c.name, c] as const))('%s', async (_name, testCase) => {
      const before = await fingerprint();
      const body = testCase.variablesJson
        ? `{"query":${JSON.stringify(testCase.query)},"variables":${testCase.variablesJson}}`
        : JSON.stringify({ query: testCase.query, variables: testCase.variables });
      const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` }, body });
      const result = (await response.json()) as { data?: unknown; errors?: { message: string; extensions?: { code?: string; problems?: { row?: number; field: string }[] } }[] };
      expect(result.errors?.length).toBe(1);
      const error = result.errors![0];
      expect(error.extensions?.code).toBe(testCase.expect.code);
      const problems = error.extensions?.problems;
      if (problems) {
        expect(problems.map((p) => p.field)).toContain(testCase.expect.field);
        if (testCase.expect.row !== undefined) expect(problems.find((p) => p.field === testCase.expect.field)?.row).toBe(testCase.expect.row);
      } else {
        // GraphQL's own variable coercion (wrong types, Int overflow, 1e309): the path is in the message.
        expect(error.message).toContain(testCase.expect.field);
      }
      expect(await fingerprint()).toEqual(before);
    });
  });

  describe('CSV import (the CLI import commands)', () => {
    it.each(csvCases.map((c) => [c.file, c] as const))('%s', async (_file, testCase) => {
      const importer = app.runtime.app.get(ImportService);
      const path = join(CORPUS, 'csv', testCase.file);
      const before = await fingerprint();
      let report: ImportReport | undefined;
      let failure: unknown;
      try {
        report = testCase.kind === 'usage' ? await importer.importUsage(path, 'corpus') : await importer.importItems(path, 'corpus');
      } catch (error) {
        failure = error;
      }
      if ('error' in testCase.expect) {
        expect(report).toBeUndefined();
        const mapped = toGraphQLError(failure);
        expect(mapped?.extensions.code).toBe(testCase.expect.error.code);
        expect((mapped?.extensions.problems as { field: string }[]).map((p) => p.field)).toContain(testCase.expect.error.field);
        expect(await fingerprint()).toEqual(before);
        return;
      }
      expect(failure).toBeUndefined();
      const expected = testCase.expect;
      expect(report).toMatchObject({ accepted: expected.accepted, rejected: expected.rejected });
      expect(report!.rejections.map((r) => [r.line, r.field])).toEqual(expected.rejections);
      // The SKUs the file is about (each case has its own): what was written for them is exactly what is expected.
      const inFile = [...new Set([...readFileSync(path, 'utf8').matchAll(/^\uFEFF?"?([KN]-\d+)/gm)].map((m) => m[1]))];
      if (expected.days) {
        const written = await pg.query(
          `SELECT i.sku, d.day::text AS day, d.quantity::text AS quantity FROM usage_daily d JOIN inventory_items i ON i.id = d.item_id WHERE i.sku = ANY($1) ORDER BY 1, 2`,
          [inFile],
        );
        expect(written.rows.map((r) => [r.sku, r.day, r.quantity])).toEqual(expected.days);
      }
      if (expected.weeks) {
        const written = await pg.query(
          `SELECT i.sku, u.week_start::text AS week_start, u.quantity::text AS quantity FROM usage_history u JOIN inventory_items i ON i.id = u.item_id WHERE i.sku = ANY($1) ORDER BY 1, 2`,
          [inFile],
        );
        expect(written.rows.map((r) => [r.sku, r.week_start, r.quantity])).toEqual(expected.weeks);
      }
      if (expected.items) {
        const present = await pg.query(`SELECT sku FROM inventory_items WHERE sku = ANY($1) ORDER BY sku`, [inFile]);
        expect(present.rows.map((r) => r.sku)).toEqual(expected.items);
      }
    });

    it('stored the per-item service level and review period (and hands them to the policy), and the injection string as a plain name', async () => {
      const rows = await pg.query(`SELECT sku, name, service_level_target::text, review_period_days FROM inventory_items WHERE sku IN ('N-11', 'N-14') ORDER BY sku`);
      expect(rows.rows).toEqual([
        { sku: 'N-11', name: "Robert'); DROP TABLE inventory_items; --", service_level_target: null, review_period_days: null },
        { sku: 'N-14', name: 'Override', service_level_target: '0.97500', review_period_days: 7 },
      ]);
      // What the reorder policy is given for the item: its own service level and review period.
      const inventory = app.runtime.app.get(InventoryService);
      const id = (await inventory.itemIdBySku('N-14'))!;
      expect((await inventory.itemsForPolicy([id])).get(id)).toMatchObject({ serviceLevelTarget: '0.97500', reviewPeriodDays: 7 });
      const other = (await inventory.itemIdBySku('N-11'))!;
      expect((await inventory.itemsForPolicy([other])).get(other)).toMatchObject({ serviceLevelTarget: null, reviewPeriodDays: 1 });
    });
  });
});
