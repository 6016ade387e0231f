import { Client } from 'pg';
import { startApp, TestApp } from './support/app';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';

const ITEMS = `mutation($items: [ItemInput!]!) { upsertItems(items: $items) { inserted updated } }`;
const anItem = (sku: string, overrides: Record<string, unknown> = {}) => ({ sku, name: `Item ${sku}`, unitCost: '2.50', onHand: '10', supplier: 'Acme', ...overrides });

/** The query from issue 8: `n` aliases of a 500-item page with suppliers and three years of usage. */
const aliasBomb = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: items(first: 500) { nodes { sku name supplier { name } recentUsage(weeks: 156) { weekStart quantity } } }`).join(' ')} }`;

async function timed<T>(work: () => Promise<T>): Promise<{ result: T; ms: number }> {
  const started = performance.now();
  const result = await work();
  return { result, ms: performance.now() - started };
}

describe('security: query limits, request hardening', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp;
  let pg: Client;
  let admin: string;
  let viewer: string;
  const prefix = () => `nn-test-${db.name}`;

  beforeAll(async () => {
    db = await freshDatabase('security');
    app = await startApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix(), CORS_ORIGINS: 'https://console.example.test' });
    pg = await sql(db.url);
    admin = await app.login('admin');
    viewer = await app.login('viewer');
    await app.gql(`mutation { upsertSuppliers(suppliers: [{ name: "Acme", defaultLeadTimeDays: 7 }]) { name } }`, undefined, admin);
  });

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    if (db) await dropQueueKeys(prefix());
    await db?.drop();
  });

  const count = async (table: string) => (await pg.query(`SELECT count(*)::int AS n FROM ${table}`)).rows[0].n as number;
  const post = (body: string, headers: Record<string, string> = {}) =>
    fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${viewer}`, ...headers }, body });

  describe('query cost is bounded before anything runs', () => {
    it('refuses the 1,000-alias query from the issue within a second, and the next read is fast', async () => {
      const bomb = await timed(() => app.gql(aliasBomb(1000), undefined, viewer));
      expect(bomb.result.data).toBeUndefined();
      expect(bomb.result.errors?.[0].extensions?.code).toBe('GRAPHQL_PARSE_FAILED');
      expect(bomb.result.errors?.[0].message).toMatch(/contains more tha[nt] 10000 tokens/);
      expect(bomb.ms).toBeLessThan(1000);
      const next = await timed(() => app.gql('{ suppliers { name } }', undefined, viewer));
      expect(next.result.data).toEqual({ suppliers: [{ name: 'Acme' }] });
      expect(next.ms).toBeLessThan(500);
    });

    it('refuses 100 aliases (within the token limit) as QUERY_TOO_COMPLEX with the measure', async () => {
      const { result, ms } = await timed(() => app.gql(aliasBomb(100), undefined, viewer));
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', aliases: 100, depth: 4 });
      expect(result.errors?.[0].message).toMatch(/100 aliases; the maximum is 30/);
      expect(ms).toBeLessThan(1000);
    });

    it('refuses two un-aliased-looking copies whose cost is too high (first × weeks × nesting)', async () => {
      const one = `items(first: 500) { nodes { sku supplier { name } recentUsage(weeks: 156) { weekStart quantity } } }`;
      // one copy: 1 + 500 × 5 + 500 × 156 × 2 = 158,501 (under 200,000); two: 317,002
      const single = await app.gql(`{ ${one} }`, undefined, viewer);
      expect(single.errors).toBeUndefined();
      const double = await app.gql(`{ x: ${one} y: ${one} }`, undefined, viewer);
      expect(double.errors?.[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', cost: 317002 });
    });

    it('caps first at GRAPHQL_MAX_LIST_SIZE, also through variables', async () => {
      const literal = await app.gql(`{ items(first: 100000) { totalCount } }`, undefined, viewer);
      expect(literal.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      const variable = await app.gql(`query($n: Int!) { items(first: $n) { totalCount } }`, { n: 100000 }, viewer);
      expect(variable.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(variable.errors?.[0].message).toMatch(/100000 exceeds the maximum of 500/);
    });

    it('refuses a deep query', async () => {
      const deep = await app.gql(`{ __schema { types { fields { type { ofType { ofType { ofType { ofType { ofType { ofType { name } } } } } } } } } } }`, undefined, viewer);
      expect(deep.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(deep.errors?.[0].message).toMatch(/depth 11 exceeds the maximum of 10/);
    });

    it('refuses a mutation over the limits without writing anything', async () => {
      const aliased = Array.from({ length: 40 }, (_, i) => `m${i}: upsertItems(items: [{ sku: "BOMB-${i}", name: "x", unitCost: "1" }]) { inserted }`).join(' ');
      const result = await app.gql(`mutation { ${aliased} }`, undefined, admin);
      expect(result.errors?.[0].extensions?.code).toBe('QUERY_TOO_COMPLEX');
      expect(await count('inventory_items')).toBe(0);
    });

    it('refuses batched requests (an array of operations) with HTTP 400', async () => {
      const response = await post(JSON.stringify([{ query: '{ suppliers { name } }' }, { query: '{ suppliers { name } }' }]));
      expect(response.status).toBe(400);
      expect(await response.text()).toMatch(/batching/i);
    });
  });

  describe('request size', () => {
    it('accepts a bulk mutation of MAX_BATCH_ROWS (10,000) full rows', async () => {
      const items = Array.from({ length: 10000 }, (_, i) =>
        anItem(`BULK-${String(i).padStart(5, '0')}`, { name: `A long descriptive item name number ${i} `.padEnd(120, 'x'), leadTimeDays: 14, leadTimeStdDays: '2.5', minOrderQty: '10', lotSize: '5', active: true }),
      );
      const bytes = Buffer.byteLength(JSON.stringify({ query: ITEMS, variables: { items } }));
      expect(bytes).toBeGreaterThan(2_000_000);
      const result = await app.gql(ITEMS, { items }, admin);
      expect(result.data?.upsertItems).toEqual({ inserted: 10000, updated: 0 });
    });

    it('refuses a body over MAX_BODY_BYTES (default 1 KiB per batch row: 10 MiB) with HTTP 413, writing nothing', async () => {
      const before = await count('inventory_items');
      const huge = JSON.stringify({ query: ITEMS, variables: { items: [anItem('HUGE-1', { name: 'x'.repeat(11 * 1024 * 1024) })] } });
      const response = await post(huge, { authorization: `Bearer ${admin}` });
      expect(response.status).toBe(413);
      expect(await count('inventory_items')).toBe(before);
    });
  });

  describe('headers and CORS', () => {
    it('sends helmet headers', async () => {
      const response = await fetch(`${app.url}/health/live`);
      expect(response.headers.get('x-content-type-options')).toBe('nosniff');
      expect(response.headers.get('x-frame-options')).toBe('SAMEORIGIN');
      expect(response.headers.get('x-powered-by')).toBeNull();
    });

    it('answers CORS preflights for allowed origins only', async () => {
      const preflight = (origin: string) =>
        fetch(`${app.url}/graphql`, { method: 'OPTIONS', headers: { origin, 'access-control-request-method': 'POST', 'access-control-request-headers': 'content-type,authorization' } });
      expect((await preflight('https://console.example.test')).headers.get('access-control-allow-origin')).toBe('https://console.example.test');
      expect((await preflight('https://evil.example.test')).headers.get('access-control-allow-origin')).toBeNull();
    });
  });

  describe('production mode', () => {
    let prod: TestApp;
    beforeAll(async () => {
      prod = await startApp({ NODE_ENV: 'production', DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix() });
    });
    afterAll(async () => {
      await prod?.close();
    });

    it('refuses introspection', async () => {
      const token = await prod.login('viewer');
      const result = await prod.gql('{ __schema { queryType { name } } }', undefined, token);
      expect(result.errors?.[0].message).toMatch(/introspection/i);
      expect(result.data).toBeUndefined();
    });

    it('gives no "Did you mean" hints', async () => {
      const token = await prod.login('viewer');
      const result = await prod.gql('{ item { skux } }', undefined, token);
      expect(result.errors?.length).toBeGreaterThan(0);
      expect(JSON.stringify(result.errors)).not.toMatch(/Did you mean/);
      const dev = await app.gql('{ suppliers { nam } }', undefined, viewer);
      expect(JSON.stringify(dev.errors)).toMatch(/Did you mean/);
    });

    it('serves no landing page', async () => {
      const response = await fetch(`${prod.url}/graphql`, { headers: { accept: 'text/html' } });
      expect(await response.text()).not.toMatch(/<html/i);
      const csp = (await fetch(`${prod.url}/health/live`)).headers.get('content-security-policy');
      expect(csp).toMatch(/default-src 'self'/);
    });
  });
});
