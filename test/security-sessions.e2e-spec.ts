import { randomBytes } from 'node:crypto';
import { Client } from 'pg';
import { SettableClock } from '../src/clock/clock';
import { startApp, TestApp } from './support/app';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';

const LOGIN = `mutation($u: String!, $p: String!) { login(username: $u, password: $p) { accessToken expiresAt role refreshToken refreshExpiresAt } }`;
const REFRESH = `mutation($r: String!) { refreshSession(refreshToken: $r) { accessToken expiresAt role refreshToken refreshExpiresAt } }`;
const LOGOUT = `mutation($r: String!) { logout(refreshToken: $r) }`;
const CREATE = `mutation($u: String!, $p: String!, $r: Role!) { createUser(username: $u, password: $p, role: $r) { username } }`;
const SUPPLIER = `mutation($n: String!) { upsertSuppliers(suppliers: [{ name: $n, defaultLeadTimeDays: 7 }]) { name } }`;
const PASSWORD = 'Correct-horse-42';
const RATE = 5;

/**
 * Refresh tokens (rotation, reuse detection, concurrency, logout, user changes), the per-user
 * mutation throttle shared through Redis (two API processes), and introspection closed to
 * anonymous callers in the default development mode. A clock that stands still: the mutation
 * buckets refill only when the spec moves it.
 */
describe('security: sessions with refresh tokens, mutation throttling, introspection', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp;
  let second: TestApp;
  let pg: Client;
  let admin: string;
  const clock = new SettableClock('2026-12-01T10:00:00.000Z');
  const prefix = () => `nn-test-${db.name}`;

  beforeAll(async () => {
    db = await freshDatabase('security_sessions');
    const env = { DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: prefix(), JWT_SECRET: randomBytes(32).toString('hex'), MUTATION_RATE_PER_MINUTE: String(RATE), REFRESH_TOKEN_TTL_SECONDS: '3600' };
    app = await startApp(env, { clock });
    second = await startApp({ ...env, MIGRATIONS_RUN: 'false' }, { clock });
    pg = await sql(db.url);
    admin = await app.login('admin');
    for (const u of ['alice', 'bob', 'carol', 'dave', 'erin']) expect((await app.gql(CREATE, { u, p: PASSWORD, r: 'approver' }, admin)).errors).toBeUndefined();
    clock.advance(60_000); // the admin's bucket of 5 refills
    for (const u of ['frank', 'gina']) expect((await app.gql(CREATE, { u, p: PASSWORD, r: 'admin' }, admin)).errors).toBeUndefined();
  });

  afterAll(async () => {
    await pg?.end();
    await second?.close();
    await app?.close();
    if (db) await dropQueueKeys(prefix());
    await db?.drop();
  });

  const login = async (u: string) => {
    const result = await app.gql(LOGIN, { u, p: PASSWORD });
    if (!result.data) throw new Error(JSON.stringify(result.errors));
    return result.data.login as { accessToken: string; refreshToken: string; expiresAt: string; refreshExpiresAt: string; role: string };
  };
  const refresh = (token: string, via = app) => via.gql(REFRESH, { r: token });
  const codeOf = async (token: string, query = '{ suppliers { name } }') => (await app.gql(query, undefined, token)).errors?.[0]?.extensions?.code;
  const familyOf = async (token: string) => (await pg.query(`SELECT family_id FROM refresh_tokens WHERE token_hash = encode(sha256($1::bytea), 'hex')`, [token])).rows[0]?.family_id;

  describe('refresh tokens', () => {
    it('login returns a 15-minute access token and an opaque refresh token, stored only as its SHA-256', async () => {
      const started = Date.now();
      const session = await login('alice');
      const accessMs = new Date(session.expiresAt).getTime() - started;
      expect(accessMs).toBeGreaterThan(14 * 60_000);
      expect(accessMs).toBeLessThanOrEqual(15 * 60_000 + 5000);
      expect(session.refreshToken).toMatch(/^nnr_[\w-]{43}$/);
      expect(new Date(session.refreshExpiresAt).getTime() - clock.now().getTime()).toBe(3600_000); // REFRESH_TOKEN_TTL_SECONDS from the clock
      const stored = (await pg.query(`SELECT * FROM refresh_tokens`)).rows;
      expect(JSON.stringify(stored)).not.toContain(session.refreshToken);
      expect(await familyOf(session.refreshToken)).toBeDefined();
    });

    it('refreshSession needs no access token, rotates within the family and the new access token works', async () => {
      const session = await login('alice');
      const next = (await refresh(session.refreshToken)).data?.refreshSession;
      expect(next.refreshToken).not.toBe(session.refreshToken);
      expect(next.role).toBe('approver');
      expect(await codeOf(next.accessToken)).toBeUndefined();
      expect(await familyOf(next.refreshToken)).toBe(await familyOf(session.refreshToken));
      const third = (await refresh(next.refreshToken, second)).data?.refreshSession; // another API process, same database
      expect(third.refreshToken).toMatch(/^nnr_/);
    });

    it('a used refresh token presented again (after the 2 s grace) revokes the family and the user’s sessions, audited, UNAUTHENTICATED', async () => {
      const session = await login('bob');
      const stolenCopy = session.refreshToken;
      const next = (await refresh(session.refreshToken)).data?.refreshSession;
      const otherDevice = await login('bob');
      clock.advance(3000);
      const replay = await refresh(stolenCopy);
      expect(replay.data).toBeNull();
      expect(replay.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      // The thief's copy and the owner's newest token, the access tokens of both devices: all over.
      expect((await refresh(next.refreshToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await refresh(otherDevice.refreshToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect(await codeOf(next.accessToken)).toBe('UNAUTHENTICATED');
      expect(await codeOf(otherDevice.accessToken)).toBe('UNAUTHENTICATED');
      const audit = (await pg.query(`SELECT action, actor, payload FROM audit_log WHERE entity_id = 'bob' ORDER BY seq`)).rows;
      expect(audit.map((r) => r.action)).toEqual(expect.arrayContaining(['user.refresh-token-reused', 'user.sessions-revoked']));
      expect(audit.find((r) => r.action === 'user.refresh-token-reused').payload.familyId).toBe(await familyOf(stolenCopy));
      const alive = (await pg.query(`SELECT count(*)::int AS n FROM refresh_tokens t JOIN users u ON u.id = t.user_id WHERE u.username = 'bob' AND revoked_at IS NULL`)).rows[0].n;
      expect(alive).toBe(0);
      // Logging in again works.
      expect(await codeOf((await login('bob')).accessToken)).toBeUndefined();
    });

    it('two simultaneous refreshes with the same token: exactly one succeeds, and the winner’s session goes on', async () => {
      for (let round = 0; round < 3; round++) {
        const session = await login('carol');
        const results = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken, second), refresh(session.refreshToken), refresh(session.refreshToken, second)]);
        const won = results.filter((r) => r.data?.refreshSession);
        expect(won).toHaveLength(1);
        for (const lost of results.filter((r) => !r.data?.refreshSession)) expect(lost.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
        const winner = won[0].data.refreshSession;
        expect(await codeOf(winner.accessToken)).toBeUndefined();
        expect((await refresh(winner.refreshToken)).data?.refreshSession.accessToken).toBeDefined();
      }
    });

    it('logout revokes the family: its refresh tokens are refused, a second logout answers false', async () => {
      const session = await login('dave');
      const next = (await refresh(session.refreshToken)).data?.refreshSession;
      expect((await app.gql(LOGOUT, { r: next.refreshToken })).data?.logout).toBe(true);
      expect((await refresh(next.refreshToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await app.gql(LOGOUT, { r: next.refreshToken })).data?.logout).toBe(false);
      expect((await app.gql(LOGOUT, { r: 'not a token' })).data?.logout).toBe(false);
    });

    it('a role change, password reset, disable or revokeSessions ends the refresh tokens too', async () => {
      const changes = [
        `mutation { setUserRole(username: "erin", role: viewer) { role } }`,
        `mutation { resetPassword(username: "erin", password: "${PASSWORD}") { username } }`,
        `mutation { revokeSessions(username: "erin") { username } }`,
        `mutation { disableUser(username: "erin") { disabled } }`,
      ];
      for (const change of changes) {
        const session = await login('erin');
        clock.advance(60_000); // the admin's mutation bucket refills
        expect((await app.gql(change, undefined, admin)).errors).toBeUndefined();
        const refused = await refresh(session.refreshToken);
        expect({ change, code: refused.errors?.[0].extensions?.code }).toEqual({ change, code: 'UNAUTHENTICATED' });
      }
    });

    it('an expired refresh token, a made-up one and an access token in its place are refused', async () => {
      const session = await login('alice');
      clock.advance(3600_000 + 1000);
      expect((await refresh(session.refreshToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await refresh(`nnr_${'A'.repeat(43)}`)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      expect((await refresh(session.accessToken)).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });
  });

  describe('per-user mutation throttling', () => {
    it(`allows ${RATE} mutations a minute per user across two API processes (Redis), then TOO_MANY_REQUESTS with a retry-after; other users are not slowed`, async () => {
      clock.advance(120_000);
      const frank = (await login('frank')).accessToken;
      const codes: (string | undefined)[] = [];
      for (let i = 0; i < RATE + 2; i++) codes.push((await (i % 2 ? second : app).gql(SUPPLIER, { n: `Throttle ${i}` }, frank)).errors?.[0].extensions?.code);
      expect(codes).toEqual([...Array(RATE).fill(undefined), 'TOO_MANY_REQUESTS', 'TOO_MANY_REQUESTS']);
      const response = await fetch(`${app.url}/graphql`, { method: 'POST', headers: { 'content-type': 'application/json', authorization: `Bearer ${frank}` }, body: JSON.stringify({ query: SUPPLIER, variables: { n: 'one more' } }) });
      const body = (await response.json()) as { errors: { extensions: unknown }[] };
      // 5 a minute: one token every 12 s.
      expect(body.errors[0].extensions).toEqual({ code: 'TOO_MANY_REQUESTS', retryAfterSeconds: 12 });
      expect(response.headers.get('retry-after')).toBe('12');
      expect((await pg.query(`SELECT count(*)::int AS n FROM suppliers WHERE name LIKE 'Throttle %' OR name = 'one more'`)).rows[0].n).toBe(RATE);
      // Reads are not counted; another user has a bucket of their own.
      expect(await codeOf(frank)).toBeUndefined();
      expect((await app.gql(SUPPLIER, { n: 'Gina’s' }, (await login('gina')).accessToken)).errors).toBeUndefined();
      clock.advance(12_000);
      expect((await app.gql(SUPPLIER, { n: 'after the wait' }, frank)).errors).toBeUndefined();
      expect((await app.gql(SUPPLIER, { n: 'too soon again' }, frank)).errors?.[0].extensions?.code).toBe('TOO_MANY_REQUESTS');
    });
  });

  describe('introspection', () => {
    const INTROSPECT = '{ __schema { queryType { name } } }';

    it('is refused without a token in the default development mode, also hidden in a fragment or as __type', async () => {
      for (const query of [INTROSPECT, '{ __type(name: "Query") { name } }', 'query { ...F } fragment F on Query { __schema { types { name } } }']) {
        const result = await app.gql(query);
        expect(result.data ?? undefined).toBeUndefined();
        expect(result.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
      }
      expect((await app.gql(INTROSPECT, undefined, 'eyJhbGciOiJub25lIn0.eyJzdWIiOiJ4In0.')).errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');
    });

    it('answers a signed-in user, and __typename stays open to anyone', async () => {
      const viewer = await app.login('viewer');
      expect((await app.gql(INTROSPECT, undefined, viewer)).data).toEqual({ __schema: { queryType: { name: 'Query' } } });
      expect((await app.gql('{ __typename }')).data).toEqual({ __typename: 'Query' });
    });
  });
});
