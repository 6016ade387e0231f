import { createHmac, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client } from 'pg';
import { SettableClock } from '../src/clock/clock';
import { SigningKeysService } from '../src/security/signing-keys.service';
import { startApp, TestApp } from './support/app';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';

const ITEMS = `mutation($items: [ItemInput!]!) { upsertItems(items: $items) { inserted updated } }`;
const anItem = (sku: string, overrides: Record<string, unknown> = {}) => ({ sku, name: `Item ${sku}`, unitCost: '2.50', onHand: '10', supplier: 'Acme', ...overrides });

/** The query from issue 8: `n` aliases of a 500-item page with suppliers and three years of usage. */
const aliasBomb = (n: number) =>
  `{ ${Array.from({ length: n }, (_, i) => `a${i}: items(first: 500) { nodes { sku name supplier { name } recentUsage(weeks: 156) { weekStart quantity } } }`).join(' ')} }`;

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
const claimsOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[1], 'base64url').toString());
const headerOf = (token: string) => JSON.parse(Buffer.from(token.split('.')[0], 'base64url').toString());
/** A token signed with HS256 under `secret`. */
const signed = (header: object, claims: object, secret: string | Buffer) => {
  const body = `${b64(header)}.${b64(claims)}`;
  return `${body}.${createHmac('sha256', secret).update(body).digest('base64url')}`;
};
const USERS = `{ users { username role disabled } }`;
const CREATE = `mutation($u: String!, $p: String!, $r: Role!) { createUser(username: $u, password: $p, role: $r) { username role } }`;
const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken role } }`;

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
  const jwtSecret = randomBytes(32).toString('hex');
  const auditKey = randomBytes(32).toString('hex');
  const clock = new SettableClock();
  let scanRoot: string;

  beforeAll(async () => {
    db = await freshDatabase('security');
    // A clock that stands still (at the real now), so the login throttle's delays are exact.
    scanRoot = mkdtempSync(join(tmpdir(), 'nn-scan-'));
    mkdirSync(join(scanRoot, 'config'));
    // A planted secret (built here so this spec file itself holds no secret-looking line).
    writeFileSync(join(scanRoot, 'config', 'deploy.env'), `PORT=3000\nDATABASE_URL=postgres://app:${'Planted'}Pass-123@db:5432/nn\n`);
    writeFileSync(join(scanRoot, 'README.md'), 'nothing secret here\n');
    app = await startApp(
      { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix(), CORS_ORIGINS: 'https://console.example.test', JWT_SECRET: jwtSecret, AUDIT_HMAC_KEY: auditKey, SCAN_ROOT: scanRoot },
      { clock },
    );
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
    if (scanRoot) rmSync(scanRoot, { recursive: true, force: true });
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
      expect(ms).toBeLessThan(2000);
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

  describe('tokens and sessions', () => {
    const password = 'Str0ng-enough-pass!';
    let aliceToken: string;
    const login = async (u: string, p: string) => (await app.gql(LOGIN, { u, p })).data?.login.accessToken as string;
    const codeOf = async (token: string, query = USERS) => (await app.gql(query, undefined, token)).errors?.[0]?.extensions?.code;

    beforeAll(async () => {
      const created = await app.gql(CREATE, { u: 'alice', p: password, r: 'admin' }, admin);
      expect(created.errors).toBeUndefined();
      expect(created.data?.createUser).toEqual({ username: 'alice', role: 'admin' });
      aliceToken = await login('alice', password);
    });

    it('puts kid, exp and the session version in every token', () => {
      expect(headerOf(aliceToken)).toMatchObject({ alg: 'HS256', typ: 'JWT', kid: expect.stringMatching(/^k\d{14}-[0-9a-f]{8}$/) });
      expect(claimsOf(aliceToken)).toMatchObject({ username: 'alice', ver: expect.any(Number), exp: expect.any(Number) });
    });

    it('refuses alg none, a forged signature, a wrong kid, no exp and an expired token (UNAUTHENTICATED)', async () => {
      const header = headerOf(aliceToken);
      const claims = claimsOf(aliceToken);
      const none = `${b64({ alg: 'none', typ: 'JWT', kid: header.kid })}.${b64(claims)}.`;
      const forged = signed(header, { ...claims, role: 'admin' }, 'not-our-secret');
      const wrongKid = aliceToken.replace(/^[^.]+/, b64({ ...header, kid: 'k20000101000000-deadbeef' }));
      const keyRow = await pg.query(`SELECT count(*)::int AS n FROM signing_keys`);
      expect(keyRow.rows[0].n).toBeGreaterThan(0);
      for (const token of [none, forged, wrongKid, 'not.a.token', aliceToken.slice(0, -2)]) expect(await codeOf(token)).toBe('UNAUTHENTICATED');
    });

    it('refuses a token without exp or already expired even when signed with the real key', async () => {
      // The real key, read the way only a process holding the master key could: through the service.
      const { kid, secret } = await app.runtime.app.get(SigningKeysService).signingKey();
      const claims = claimsOf(aliceToken);
      const { exp: _exp, ...noExp } = claims;
      expect(await codeOf(signed({ alg: 'HS256', typ: 'JWT', kid }, noExp, secret))).toBe('UNAUTHENTICATED');
      const expired = { ...claims, iat: claims.iat - 7200, exp: Math.floor(Date.now() / 1000) - 60 };
      expect(await codeOf(signed({ alg: 'HS256', typ: 'JWT', kid }, expired, secret))).toBe('UNAUTHENTICATED');
      // Control: the same construction with a valid exp passes, so the refusals above are about exp.
      expect(await codeOf(signed({ alg: 'HS256', typ: 'JWT', kid }, claims, secret))).toBeUndefined();
    });

    it('a viewer cannot escalate: admin mutations are FORBIDDEN and write nothing', async () => {
      const before = await count('users');
      const result = await app.gql(`mutation { setUserRole(username: "test-viewer", role: admin) { role } }`, undefined, viewer);
      expect(result.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect((await app.gql(CREATE, { u: 'eve', p: password, r: 'admin' }, viewer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(await count('users')).toBe(before);
      expect((await pg.query(`SELECT role FROM users WHERE username = 'test-viewer'`)).rows[0].role).toBe('viewer');
    });

    it('refuses a weak password naming the field, writing nothing', async () => {
      const before = await count('users');
      const result = await app.gql(CREATE, { u: 'bob', p: 'short', r: 'viewer' }, admin);
      expect(result.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', problems: [{ field: 'password', message: 'at least 12 characters' }] });
      expect((await app.gql(CREATE, { u: 'bob', p: 'Secret-bob-2026!', r: 'viewer' }, admin)).errors?.[0].extensions?.problems?.[0].message).toMatch(/user name/);
      expect(await count('users')).toBe(before);
    });

    it('a demoted admin’s token stops on the next request', async () => {
      const token = await login('alice', password);
      expect(await codeOf(token, '{ verifyAuditChain { valid } }')).toBeUndefined();
      expect((await app.gql(`mutation { setUserRole(username: "alice", role: viewer) { role } }`, undefined, admin)).data?.setUserRole.role).toBe('viewer');
      expect(await codeOf(token, '{ verifyAuditChain { valid } }')).toBe('UNAUTHENTICATED');
      const fresh = await login('alice', password);
      expect(await codeOf(fresh, '{ verifyAuditChain { valid } }')).toBe('FORBIDDEN');
      expect(await codeOf(fresh, '{ suppliers { name } }')).toBeUndefined();
    });

    it('revokeSessions, disableUser and resetPassword end sessions at once; a disabled user cannot log in', async () => {
      let token = await login('alice', password);
      await app.gql(`mutation { revokeSessions(username: "alice") { username } }`, undefined, admin);
      expect(await codeOf(token, '{ suppliers { name } }')).toBe('UNAUTHENTICATED');

      token = await login('alice', password);
      await app.gql(`mutation($p: String!) { resetPassword(username: "alice", password: $p) { username } }`, { p: 'An0ther-good-pass' }, admin);
      expect(await codeOf(token, '{ suppliers { name } }')).toBe('UNAUTHENTICATED');
      expect(await login('alice', password)).toBeUndefined();

      token = await login('alice', 'An0ther-good-pass');
      expect((await app.gql(`mutation { disableUser(username: "alice") { disabled } }`, undefined, admin)).data?.disableUser.disabled).toBe(true);
      expect(await codeOf(token, '{ suppliers { name } }')).toBe('UNAUTHENTICATED');
      const refused = await app.gql(LOGIN, { u: 'alice', p: 'An0ther-good-pass' });
      expect(refused.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      const users = (await app.gql(USERS, undefined, admin)).data?.users;
      expect(users).toContainEqual({ username: 'alice', role: 'viewer', disabled: true });
    });

    it('a deleted user’s token is refused', async () => {
      await app.gql(CREATE, { u: 'carol', p: password, r: 'approver' }, admin);
      const token = await login('carol', password);
      expect(await codeOf(token, '{ suppliers { name } }')).toBeUndefined();
      await pg.query(`DELETE FROM users WHERE username = 'carol'`);
      await new Promise((resolve) => setTimeout(resolve, 1100)); // the 1 s session cache of this process
      expect(await codeOf(token, '{ suppliers { name } }')).toBe('UNAUTHENTICATED');
    });

    it('rotateSigningKey: new tokens carry the new kid, old tokens keep working', async () => {
      const before = await app.login('approver');
      const rotated = await app.gql(`mutation { rotateSigningKey { kid retired } }`, undefined, admin);
      const { kid, retired } = rotated.data?.rotateSigningKey ?? {};
      expect(retired).toContain(headerOf(before).kid);
      expect(await codeOf(before, '{ suppliers { name } }')).toBeUndefined();
      const after = await app.login('approver');
      expect(headerOf(after).kid).toBe(kid);
      expect(await codeOf(after, '{ suppliers { name } }')).toBeUndefined();
      const stored = await pg.query(`SELECT secret_sealed FROM signing_keys WHERE kid = $1`, [kid]);
      expect(stored.rows[0].secret_sealed).toMatch(/^v1\./);
    });
  });

  describe('login throttling', () => {
    it('of 30 parallel wrong guesses for one name from one address only 5 reach the password check', async () => {
      await app.gql(CREATE, { u: 'dave', p: 'Str0ng-enough-pass!', r: 'viewer' }, admin);
      const results = await Promise.all(Array.from({ length: 30 }, () => app.gql(LOGIN, { u: 'dave', p: 'wrong-guess-000' })));
      const codes = results.map((r) => r.errors?.[0].extensions?.code);
      expect(codes.filter((c) => c === 'UNAUTHENTICATED')).toHaveLength(5);
      expect(codes.filter((c) => c === 'TOO_MANY_REQUESTS')).toHaveLength(25);
      // Counted in Redis (shared by every API process), under this app's prefix.
      const { Redis } = await import('ioredis');
      const redis = new Redis(TEST_REDIS_URL);
      try {
        const keys = await redis.keys(`${prefix()}:login:ipu:*dave`);
        expect(keys).toHaveLength(1);
        expect(await redis.hget(keys[0], 'a')).toBe('5');
      } finally {
        redis.disconnect();
      }
    });

    it('the attacker slows only themselves: the real user logs in from another address at once', async () => {
      const fromAddress = (localAddress: string) =>
        new Promise<any>((resolve, reject) => {
          const body = JSON.stringify({ query: LOGIN, variables: { u: 'dave', p: 'Str0ng-enough-pass!' } });
          const request = httpRequest(`${app.url}/graphql`, { method: 'POST', localAddress, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body) } }, (response) => {
            let text = '';
            response.on('data', (chunk) => (text += chunk));
            response.on('end', () => resolve(JSON.parse(text)));
          });
          request.on('error', reject);
          request.end(body);
        });
      // 127.0.0.1 guessed above and waits; the real user on 127.0.0.2 is not held back.
      expect((await fromAddress('127.0.0.1')).errors?.[0].extensions?.code).toBe('TOO_MANY_REQUESTS');
      expect((await fromAddress('127.0.0.2')).data?.login.role).toBe('viewer');
      // The wait after the 5th attempt is 1 s: then 127.0.0.1 may try again (and the right password works).
      clock.advance(1000);
      expect((await fromAddress('127.0.0.1')).data?.login.role).toBe('viewer');
    });
  });
  describe('security scan', () => {
    it('stores the planted secret as a high finding, redacted, and records the dependency audit as not run (no lockfile here), never clean', async () => {
      const scan = (await app.gql(`mutation { runSecurityScan { id dependencyAudit dependencyAuditNote filesScanned findings highOrCritical } }`, undefined, admin)).data?.runSecurityScan;
      expect(scan).toMatchObject({ dependencyAudit: 'not_run', filesScanned: 2, findings: 1, highOrCritical: 1 });
      expect(scan.dependencyAuditNote).toMatch(/npm audit/);
      const findings = (await app.gql(`query($id: ID!) { securityFindings(scanId: $id) { kind severity rule location detail } }`, { id: scan.id }, admin)).data?.securityFindings;
      expect(findings).toEqual([{ kind: 'secret', severity: 'high', rule: 'url-with-password', location: 'config/deploy.env:2', detail: 'Plan…(15 chars)' }]);
      expect((await pg.query(`SELECT count(*)::int AS n FROM security_findings`)).rows[0].n).toBe(1);
      expect((await app.gql(`{ securityScans { id } }`, undefined, viewer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    });
  });

  // Last: passport keeps one 'jwt' strategy per process, so a second app in this process takes it over.
  describe('production mode', () => {
    let prod: TestApp;
    beforeAll(async () => {
      // The same JWT_SECRET (so the same master key for the signing keys): one deployment, two modes.
      prod = await startApp({ NODE_ENV: 'production', DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix(), JWT_SECRET: jwtSecret, AUDIT_HMAC_KEY: auditKey });
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
