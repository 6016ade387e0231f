import type { ApolloServerPlugin, GraphQLRequestContext, GraphQLRequestListener, GraphQLResponse } from '@apollo/server';
import { HeaderMap } from '@apollo/server';
import { Plugin } from '@nestjs/apollo';
import { Inject } from '@nestjs/common';
import { Request } from 'express';
import { Kind } from 'graphql';
import { operationLabel } from '../ops/graphql-operation';
import { BearerAuthService } from '../security/bearer-auth.service';
import { Answer, answerKey, AUTH_TABLES, cacheableOperation } from './cacheable';
import { ReadCache, Snapshot } from './read-cache';
import { checkedBearerOf, traceOf } from './read-cache.middleware';
import { SqlTables } from './sql-tables';
import { CoveredTables, READ_CACHE } from './table-changes.listener';

type Ctx = { req?: Request };
/** How long an identical request waits for the one already executing before executing itself. */
const JOIN_TIMEOUT_MS = 10_000;

/**
 * Apollo plugin: answers a cacheable query (cacheable.ts) from the read cache when the same user
 * asked the same query with the same variables and nothing it read has changed since; otherwise
 * lets it execute and files its answer (data without errors only) under the tables its SQL named.
 * It runs after parsing, validation, the query limits and the text checks (responseForOperation),
 * and checks the bearer token and session itself (the auth guard runs only with resolvers).
 * Writes of this process drop their tables at commit (local-writes.subscriber.ts), so a
 * mutation's caller reads its own writes at once.
 */
@Plugin()
export class ReadCachePlugin implements ApolloServerPlugin<Ctx> {
  constructor(
    @Inject(READ_CACHE) private readonly cache: ReadCache<Answer>,
    private readonly covered: CoveredTables,
    private readonly sqlTables: SqlTables,
    private readonly bearer: BearerAuthService,
  ) {}

  async requestDidStart(): Promise<GraphQLRequestListener<Ctx>> {
    let key: string | undefined;
    let snapshot: Snapshot | undefined;
    let finish: ((result: { value: Answer; tables: readonly string[] } | undefined) => void) | undefined;
    return {
      responseForOperation: async (rc) => {
        if (!this.cache.online || !cacheableOperation(rc.operation)) return null;
        const req = rc.contextValue.req;
        const user = checkedBearerOf(req) ?? (await this.bearer.user(req?.headers.authorization));
        if (!user) return null;
        key = answerKey(user, rc.request.operationName, rc.request.query, rc.request.variables);
        const hit = this.cache.get(key, Date.now());
        if (hit) return answer(hit);
        const mine = this.cache.snapshot();
        const running = this.cache.join(key);
        if (running) {
          let timer: NodeJS.Timeout | undefined;
          const shared = await Promise.race([running, new Promise<undefined>((done) => (timer = setTimeout(() => done(undefined), JOIN_TIMEOUT_MS)))]);
          clearTimeout(timer);
          if (shared && this.cache.shareable(shared, mine)) return answer(shared.value);
        }
        snapshot = mine;
        finish = this.cache.lead(key, mine);
        return null;
      },
      willSendResponse: async (rc: GraphQLRequestContext<Ctx>) => {
        if (!finish || !key || !snapshot) return;
        const done = finish;
        finish = undefined;
        const trace = traceOf(rc.contextValue.req);
        const body = rc.response.body;
        const result = body?.kind === 'single' ? body.singleResult : undefined;
        if (!trace || !result?.data || result.errors?.length) return done(undefined);
        const tables = this.tablesOf(trace).filter((t) => !AUTH_TABLES.has(t));
        // Nothing read from a table (an answer made some other way) or a table that does not announce its changes: not kept.
        if (tables.length === 0 || !tables.every((t) => this.covered.covers(t))) return done(undefined);
        const roots = rc.operation?.selectionSet.selections.flatMap((sel) => (sel.kind === Kind.FIELD ? [sel.name.value] : [])) ?? [];
        const value: Answer = { data: result.data as Record<string, unknown>, label: operationLabel(rc.operationName, roots) };
        this.cache.set(key, value, snapshot, tables, Date.now());
        done({ value, tables });
      },
    };
  }

  private tablesOf(trace: ReadonlySet<string>): string[] {
    const tables = new Set<string>();
    for (const sql of trace) for (const t of this.sqlTables.of(sql)) tables.add(t);
    return [...tables];
  }
}

function answer(stored: Answer): GraphQLResponse {
  return { http: { status: undefined, headers: new HeaderMap() }, body: { kind: 'single', singleResult: { data: stored.data } } };
}
