import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { GraphQLSchemaHost } from '@nestjs/graphql';
import {
  getNamedType,
  GraphQLArgument,
  GraphQLField,
  GraphQLInputObjectType,
  GraphQLInputType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { Client } from 'pg';
import { SettableClock } from '../src/clock/clock';
import { startApp, TestApp } from './support/app';
import { dropQueueKeys, freshDatabase, sql, TEST_REDIS_URL } from './support/database';

/**
 * Injection strings in every text input of the API. The inputs are derived from the live
 * schema: every argument (and input-object field) of type String, ID, Decimal or DateTime under
 * Query and Mutation. Each must have an expectation below — a new text argument fails the spec
 * until someone decides what it should do with hostile text. Every payload is sent to every
 * input; the answer must be either the value stored verbatim and read back identical, or a
 * refusal (BAD_USER_INPUT naming the field; for look-ups also "not found" / an empty answer; for
 * credentials UNAUTHENTICATED) — never an internal error, and nothing written besides the value
 * itself. Afterwards a normal read answers within a second.
 */

// The corpus's own injection strings (test/corpus/graphql.json, category "injection"), plus one of each kind the issue names.
const leaves = (value: unknown): string[] => (typeof value === 'string' ? [value] : value && typeof value === 'object' ? Object.values(value).flatMap(leaves) : []);
const corpusInjections: string[] = JSON.parse(readFileSync(join(__dirname, 'corpus', 'graphql.json'), 'utf8'))
  .cases.filter((c: { category: string }) => c.category === 'injection')
  .flatMap((c: { variables?: unknown }) => leaves(c.variables).filter((s) => s.includes("'")));

const PAYLOADS: Record<string, string> = {
  sql: "Robert'); DROP TABLE inventory_items; --",
  'sql-sleep': '1; SELECT pg_sleep(10); --',
  'nosql-json': '{"$gt": ""}',
  script: '<script>alert(1)</script>',
  html: '"><img src=x onerror=alert(document.cookie)>',
  'path-traversal': '../../../../etc/passwd',
  'format-string': '%s%s%s%n%x %d',
  template: '${process.exit(1)} {{7*7}} #{7*7}',
  'like-wildcards': '%_%',
  crlf: 'a\r\nSet-Cookie: injected=1\r\n\r\n<html>',
  'null-byte': 'abc\u0000def',
  overlong: 'A'.repeat(100_000),
  ...Object.fromEntries(corpusInjections.slice(0, 3).map((s, i) => [`corpus-${i}`, s])),
};

type Kind =
  /** A write: the value is stored verbatim (read back identical) or refused naming the field. */
  | { stored: (app: Reader, value: string) => Promise<string | undefined> }
  /** A read or a reference to something that must exist: an empty answer, NOT_FOUND or BAD_USER_INPUT naming the field. */
  | 'lookup'
  /** A search: every result contains the text literally (no wildcards). */
  | 'search'
  /** A credential: UNAUTHENTICATED or BAD_USER_INPUT; a password that is accepted must log in. */
  | 'credential'
  /** A decimal or a date-time: refused (a scalar that only takes numbers or dates). */
  | 'scalar';

type Reader = (query: string, variables?: Record<string, unknown>) => Promise<any>;

const readSupplier = async (read: Reader, name: string) => (await read(`{ suppliers { name } }`)).data.suppliers.find((s: { name: string }) => s.name === name)?.name;
const readItemName = async (read: Reader, value: string) => (await read(`query($s: String!) { item(sku: $s) { name } }`, { s: `INJ-N-${hash(value)}` })).data?.item?.name;
const readItemSku = async (read: Reader, value: string) => (await read(`query($s: String!) { item(sku: $s) { sku } }`, { s: value })).data?.item?.sku;
const hash = (s: string) => Buffer.from(s).toString('hex').slice(0, 12) + s.length;

/** What each text input must do. A text input of the schema missing here fails the spec. */
const EXPECT: Record<string, Kind> = {
  'Query.accuracy.sku': 'lookup',
  'Query.anomalies.after': 'lookup',
  'Query.auditLog.entityId': 'lookup',
  'Query.auditLog.entityType': 'lookup',
  'Query.exportAudit.from': 'scalar',
  'Query.exportAudit.to': 'scalar',
  'Query.forecast.sku': 'lookup',
  'Query.forecastRun.id': 'lookup',
  'Query.item.sku': 'lookup',
  'Query.levelAdjustments.sku': 'lookup',
  'Query.items.after': 'lookup',
  'Query.items.filter.search': 'search',
  'Query.items.filter.supplierId': 'lookup',
  'Query.latestRecommendation.sku': 'lookup',
  'Query.models.name': 'lookup',
  'Query.recommendations.after': 'lookup',
  'Query.recommendations.filter.runId': 'lookup',
  'Query.securityFindings.scanId': 'lookup',
  'Mutation.acknowledgeIncident.id': 'lookup',
  'Mutation.adjustRecommendation.id': 'lookup',
  'Mutation.adjustRecommendation.quantity': 'scalar',
  'Mutation.adjustRecommendation.reason': 'lookup',
  'Mutation.adjustStock.delta': 'scalar',
  'Mutation.adjustStock.onHand': 'scalar',
  'Mutation.adjustStock.reason': { stored: async (read) => (await read(`{ auditLog(entityType: "inventory_item", first: 1) { payload } }`)).data.auditLog[0]?.payload?.reason },
  'Mutation.adjustStock.sku': 'lookup',
  'Mutation.approvePurchaseOrder.id': 'lookup',
  'Mutation.approveRecommendation.id': 'lookup',
  'Mutation.approveRecommendation.quantity': 'scalar',
  'Mutation.createUser.password': 'credential',
  'Mutation.createUser.username': { stored: async (read, v) => (await read(`{ users { username } }`)).data.users.find((u: { username: string }) => u.username === v)?.username },
  'Mutation.disableUser.username': 'lookup',
  'Mutation.login.password': 'credential',
  'Mutation.login.username': 'credential',
  'Mutation.logout.refreshToken': 'credential',
  'Mutation.promoteModel.id': 'lookup',
  'Mutation.receivePurchaseOrder.id': 'lookup',
  'Mutation.recordUsage.usage.quantity': 'scalar',
  'Mutation.recordUsage.usage.sku': 'lookup',
  'Mutation.recordUsage.usage.weekStart': 'scalar',
  'Mutation.refreshSession.refreshToken': 'credential',
  'Mutation.rejectPurchaseOrder.id': 'lookup',
  'Mutation.rejectPurchaseOrder.reason': 'lookup',
  'Mutation.rejectRecommendation.id': 'lookup',
  'Mutation.rejectRecommendation.reason': 'lookup',
  'Mutation.resetPassword.password': 'credential',
  'Mutation.resetPassword.username': 'lookup',
  'Mutation.retrainNow.name': 'lookup',
  'Mutation.retryRun.id': 'lookup',
  'Mutation.revokeSessions.username': 'lookup',
  'Mutation.rollbackModel.name': 'lookup',
  'Mutation.runForecastNow.runKey': 'lookup',
  'Mutation.setUserRole.username': 'lookup',
  'Mutation.updatePurchaseOrderLine.id': 'lookup',
  'Mutation.updatePurchaseOrderLine.quantity': 'scalar',
  'Mutation.updatePurchaseOrderLine.reason': 'lookup',
  'Mutation.upsertItems.items.leadTimeStdDays': 'scalar',
  'Mutation.upsertItems.items.lotSize': 'scalar',
  'Mutation.upsertItems.items.minOrderQty': 'scalar',
  'Mutation.upsertItems.items.name': { stored: readItemName },
  'Mutation.upsertItems.items.onHand': 'scalar',
  'Mutation.upsertItems.items.serviceLevelTarget': 'scalar',
  'Mutation.upsertItems.items.sku': { stored: readItemSku },
  'Mutation.upsertItems.items.supplier': 'lookup',
  'Mutation.upsertItems.items.unitCost': 'scalar',
  'Mutation.upsertSuppliers.suppliers.contactEmail': { stored: async (read, v) => (await read(`{ suppliers { name contactEmail } }`)).data.suppliers.find((s: { contactEmail: string | null }) => s.contactEmail === v)?.contactEmail },
  'Mutation.upsertSuppliers.suppliers.leadTimeStdDays': 'scalar',
  'Mutation.upsertSuppliers.suppliers.name': { stored: readSupplier },
};

const TEXT_SCALARS = new Set(['String', 'ID', 'Decimal', 'DateTime']);
const PASSWORD = 'Correct-horse-42';

interface TextInput {
  path: string;
  field: GraphQLField<unknown, unknown>;
  arg: GraphQLArgument;
  /** Inside an input object: the field names from the argument down. */
  inner: string[];
  leaf: string;
}

function textInputs(schema: GraphQLSchema): TextInput[] {
  const out: TextInput[] = [];
  const walk = (base: Omit<TextInput, 'inner' | 'leaf' | 'path'>, type: GraphQLInputType, inner: string[], seen: Set<string>) => {
    const named = getNamedType(type);
    const path = [`${base.field === undefined ? '' : ''}`].join('');
    void path;
    if (isInputObjectType(named)) {
      if (seen.has(named.name)) return;
      for (const f of Object.values(named.getFields())) walk(base, f.type, [...inner, f.name], new Set([...seen, named.name]));
    } else if (isScalarType(named) && TEXT_SCALARS.has(named.name)) {
      out.push({ ...base, inner, leaf: inner.at(-1) ?? base.arg.name, path: '' });
    }
  };
  for (const root of [schema.getQueryType()!, schema.getMutationType()!]) {
    for (const field of Object.values(root.getFields())) {
      for (const arg of field.args) {
        const before = out.length;
        walk({ field, arg }, arg.type, [], new Set());
        for (const input of out.slice(before)) input.path = [root.name, field.name, arg.name, ...input.inner].join('.');
      }
    }
  }
  return out;
}

/** A valid value for an input nobody is attacking in this call. */
function filler(name: string, type: GraphQLInputType, seq: number): unknown {
  const named = getNamedType(type);
  const list = isListType(isNonNullType(type) ? type.ofType : type);
  const one = (): unknown => {
    if (isEnumType(named)) return named.getValues()[0].value === undefined ? named.getValues()[0].name : named.getValues()[0].name;
    if (isInputObjectType(named)) return fillObject(named, seq);
    switch (named.name) {
      case 'Int':
        return name === 'first' ? 5 : 7;
      case 'Float':
        return 1;
      case 'Boolean':
        return false;
      case 'Decimal':
        return '1';
      case 'DateTime':
        return name === 'to' ? '2026-12-31T00:00:00.000Z' : '2026-01-01T00:00:00.000Z';
      case 'ID':
        return '00000000-0000-4000-8000-000000000000';
      default:
        return (
          {
            sku: 'INJ-1',
            name: 'Injected',
            supplier: 'Acme',
            reason: 'a plain reason',
            username: 'inj-user',
            password: PASSWORD,
            weekStart: '2026-11-09',
            runKey: `inj-run-${seq}`,
          } as Record<string, string>
        )[name] ?? 'plain';
    }
  };
  return list ? [one()] : one();
}

function fillObject(type: GraphQLInputObjectType, seq: number): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  for (const f of Object.values(type.getFields())) if (isNonNullType(f.type)) out[f.name] = filler(f.name, f.type, seq);
  return out;
}

/** Extra optional arguments a call needs to be valid apart from the attacked one. */
const EXTRA: Record<string, Record<string, unknown>> = { adjustStock: { delta: '1' } };

function invocation(root: 'Query' | 'Mutation', input: TextInput, value: string, seq: number): { query: string; variables: Record<string, unknown> } {
  const { field } = input;
  const variables: Record<string, unknown> = {};
  const declared: string[] = [];
  const passed: string[] = [];
  for (const arg of field.args) {
    const attacked = arg === input.arg;
    if (!attacked && !isNonNullType(arg.type) && !(arg.name in (EXTRA[field.name] ?? {}))) continue;
    let v: unknown = attacked && input.inner.length === 0 ? value : (EXTRA[field.name]?.[arg.name] ?? filler(arg.name, arg.type, seq));
    // A fresh name for each new user, and for each login (the login throttle counts per name and address).
    if ((field.name === 'createUser' || field.name === 'login') && arg.name === 'username' && !attacked) v = `inj-new-${seq}`;
    if (attacked && input.inner.length > 0) {
      const named = getNamedType(arg.type) as GraphQLInputObjectType;
      const object = fillObject(named, seq);
      if (field.name === 'upsertItems' && input.leaf === 'name') object.sku = `INJ-N-${hash(value)}`;
      object[input.leaf] = value;
      if (field.name === 'upsertSuppliers' && input.leaf !== 'name') object.name = `Inj supplier ${seq}`;
      v = isListType(isNonNullType(arg.type) ? arg.type.ofType : arg.type) ? [object] : object;
    }
    variables[arg.name] = v;
    declared.push(`$${arg.name}: ${arg.type.toString()}`);
    passed.push(`${arg.name}: $${arg.name}`);
  }
  const selection = isObjectType(getNamedType(field.type)) ? ' { __typename }' : '';
  const op = root === 'Query' ? 'query' : 'mutation';
  return { query: `${op}${declared.length ? `(${declared.join(', ')})` : ''} { ${field.name}${passed.length ? `(${passed.join(', ')})` : ''}${selection} }`, variables };
}

/** Tables an attacked call might write to; compared before and after (count + md5 of the rows). */
const WATCHED = ['suppliers', 'inventory_items', 'usage_history', 'usage_daily', 'users', 'forecast_runs', 'reorder_recommendations', 'purchase_orders', 'incidents', 'model_registry', 'audit_log'];

describe('injection strings in every text input', () => {
  let db: Awaited<ReturnType<typeof freshDatabase>>;
  let app: TestApp;
  let pg: Client;
  let admin: string;
  let inputs: TextInput[];
  const outcomes: Record<string, Record<string, string>> = {};

  beforeAll(async () => {
    db = await freshDatabase('injection');
    app = await startApp({ DATABASE_URL: db.url, REDIS_URL: TEST_REDIS_URL, QUEUE_PREFIX: `nn-test-${db.name}`, MUTATION_RATE_PER_MINUTE: '1000000' }, { clock: new SettableClock('2026-11-25T12:00:00Z') });
    pg = await sql(db.url);
    admin = await app.login('admin');
    await app.gql(`mutation { upsertSuppliers(suppliers: [{ name: "Acme", defaultLeadTimeDays: 7 }]) { name } }`, undefined, admin);
    await app.gql(`mutation { upsertItems(items: [{ sku: "INJ-1", name: "Injected", unitCost: "1", onHand: "10", supplier: "Acme" }]) { inserted } }`, undefined, admin);
    await app.gql(`mutation($p: String!) { createUser(username: "inj-user", password: $p, role: viewer) { username } }`, { p: PASSWORD }, admin);
    inputs = textInputs(app.runtime.app.get(GraphQLSchemaHost).schema);
  });

  afterAll(async () => {
    await pg?.end();
    await app?.close();
    if (db) await dropQueueKeys(`nn-test-${db.name}`);
    await db?.drop();
  });

  const fingerprint = async (except: string[] = []) => {
    const out: Record<string, string> = {};
    for (const table of WATCHED.filter((t) => !except.includes(t))) {
      out[table] = (await pg.query(`SELECT count(*)::text || ':' || md5(COALESCE(string_agg(t::text, '|' ORDER BY t::text), '')) AS f FROM ${table} t`)).rows[0].f;
    }
    return out;
  };
  const read: Reader = (query, variables) => app.gql(query, variables, admin);

  it('has an expectation for every text input of the schema (a new one must be added here), and none for inputs that are gone', () => {
    const paths = inputs.map((i) => i.path).sort();
    expect(paths.filter((p) => !(p in EXPECT))).toEqual([]);
    expect(Object.keys(EXPECT).filter((p) => !paths.includes(p))).toEqual([]);
    expect(paths.length).toBeGreaterThanOrEqual(60);
  });

  it('every payload into every text input: stored verbatim or refused naming the field, nothing else written', async () => {
    let seq = 0;
    const failures: string[] = [];
    for (const input of inputs) {
      const root = input.path.startsWith('Query.') ? 'Query' : 'Mutation';
      const kind = EXPECT[input.path];
      // The tables a stored value may change (its own and the audit log); every other one must stay as it was.
      const writes = typeof kind === 'object' || kind === 'credential' ? ['audit_log', input.path.includes('Supplier') ? 'suppliers' : input.path.includes('Item') || input.path.includes('adjustStock') ? 'inventory_items' : 'users'] : [];
      const before = await fingerprint(writes);
      for (const [payloadName, value] of Object.entries(PAYLOADS)) {
        seq++;
        const { query, variables } = invocation(root, input, value, seq);
        const started = performance.now();
        const result = await app.gql(query, variables, input.path.startsWith('Mutation.login') || input.path.includes('refreshToken') ? undefined : admin);
        const ms = performance.now() - started;
        const error = result.errors?.[0];
        const code = error?.extensions?.code;
        const named = !!error && ((error.extensions?.problems ?? []).some((p) => p.field === input.leaf || p.field.endsWith(`.${input.leaf}`)) || error.message.includes(`"${input.leaf}"`) || error.message.includes(`$${input.leaf}`) || error.message.includes(`.${input.leaf}"`));
        let outcome: string;
        if (!error) outcome = 'accepted';
        else if (code === 'BAD_USER_INPUT' && named) outcome = 'refused naming the field';
        else if (code === 'NOT_FOUND' && kind === 'lookup') outcome = 'not found';
        else if (code === 'UNAUTHENTICATED' && kind === 'credential') outcome = 'unauthenticated';
        else outcome = `WRONG: ${code} ${error.message.slice(0, 160)}`;
        if (outcome === 'accepted') {
          if (kind === 'scalar') outcome = 'WRONG: a decimal/date-time input accepted hostile text';
          if (typeof kind === 'object') {
            const back = await kind.stored(read, value);
            if (back !== value) outcome = `WRONG: stored ${JSON.stringify(back)?.slice(0, 80)} instead of the value`;
          }
          if (kind === 'search') {
            const nodes = (await read(`query($s: String) { items(filter: { search: $s }, first: 100) { nodes { sku name } } }`, { s: value })).data.items.nodes as { sku: string; name: string }[];
            const bad = nodes.filter((n) => !`${n.sku}\n${n.name}`.toLowerCase().includes(value.toLowerCase()));
            if (bad.length) outcome = `WRONG: search returned ${bad.length} items that do not contain the text`;
          }
        }
        if (ms > 8000) outcome = `WRONG: took ${Math.round(ms)} ms`;
        (outcomes[input.path] ??= {})[payloadName] = outcome;
        if (outcome.startsWith('WRONG')) failures.push(`${input.path} × ${payloadName}: ${outcome}`);
      }
      const after = await fingerprint(writes);
      const changed = Object.keys(after).filter((t) => after[t] !== before[t]);
      if (changed.length) failures.push(`${input.path}: wrote to ${changed.join(', ')}`);
    }
    expect(failures).toEqual([]);
    // Something was really stored (not everything refused), and really refused.
    const all = Object.values(outcomes).flatMap((o) => Object.values(o));
    expect(all.filter((o) => o === 'accepted').length).toBeGreaterThan(20);
    expect(all.filter((o) => o === 'refused naming the field').length).toBeGreaterThan(100);
    expect(outcomes['Mutation.upsertSuppliers.suppliers.name'].sql).toBe('accepted');
    expect(outcomes['Mutation.upsertItems.items.name'].script).toBe('accepted');
    expect(outcomes['Mutation.upsertItems.items.name']['null-byte']).toBe('refused naming the field');
  }, 600_000);

  it('the tables are all still there and the server answers a normal read within a second', async () => {
    const tables = (await pg.query(`SELECT count(*)::int AS n FROM information_schema.tables WHERE table_name IN ('inventory_items', 'suppliers', 'users')`)).rows[0].n;
    expect(tables).toBe(3);
    const started = performance.now();
    const result = await app.gql(`{ items(first: 5) { nodes { sku } } suppliers { name } }`, undefined, admin);
    expect(performance.now() - started).toBeLessThan(1000);
    expect(result.errors).toBeUndefined();
    expect(result.data.suppliers.map((s: { name: string }) => s.name)).toContain(PAYLOADS.sql);
  });
});
