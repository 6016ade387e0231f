import { Inject, Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { performance } from 'node:perf_hooks';
import { GraphqlOperationsRecorder } from '../ops/graphql-operations.recorder';
import { AuthUser } from '../security/auth-user';
import { BearerAuthService } from '../security/bearer-auth.service';
import { Answer, answerKey } from './cacheable';
import { queryTraces } from './query-trace';
import { ReadCache } from './read-cache';
import { READ_CACHE } from './table-changes.listener';

const TRACE = Symbol('readCacheTrace');
const BEARER = Symbol('readCacheBearer');
/** Accept headers for which Apollo answers `application/json; charset=utf-8` (what it does without one, too). */
const PLAIN_JSON = new Set(['*/*', 'application/json', 'application/json; charset=utf-8']);

/**
 * In front of Apollo on /graphql. A POST whose exact key (the bearer's user and role, operation
 * name, query text, variables) has a stored answer still true is answered here, before Apollo
 * parses anything: such an answer exists only because the same user's same request was parsed,
 * validated, checked (limits, text inputs, roles) and executed without errors, and nothing it read
 * has changed since — all of which gives the same result again. The token and session are
 * checked for this request (BearerAuthService), the answer is counted in the GraphQL metrics under
 * its operation, and only a plain-JSON request is answered here (JSON content type, an Accept
 * Apollo would answer with `application/json`); anything else goes to Apollo, where the read
 * cache's plugin still answers from memory.
 *
 * Every other request runs with its own query trace (query-trace.ts), kept on the request for the plugin.
 */
@Injectable()
export class ReadCacheMiddleware implements NestMiddleware {
  constructor(
    @Inject(READ_CACHE) private readonly cache: ReadCache<Answer>,
    private readonly bearer: BearerAuthService,
    private readonly recorder: GraphqlOperationsRecorder,
  ) {}

  use(req: Request, res: Response, next: NextFunction): void {
    if (!this.answerable(req)) return this.traced(req, next);
    const started = performance.now();
    this.stored(req).then(
      (answer) => {
        if (!answer) return this.traced(req, next);
        answer.json ??= JSON.stringify({ data: answer.data }) + '\n';
        res.statusCode = 200;
        res.setHeader('content-type', 'application/json; charset=utf-8');
        res.end(answer.json);
        this.recorder.record(answer.label, performance.now() - started, true);
      },
      () => this.traced(req, next),
    );
  }

  private answerable(req: Request): boolean {
    if (!this.cache.online || req.method !== 'POST' || !req.headers.authorization) return false;
    const type = req.headers['content-type'];
    if (!type || !/^application\/json\b/i.test(type)) return false;
    const accept = req.headers.accept;
    if (accept !== undefined && !PLAIN_JSON.has(accept.trim().toLowerCase())) return false;
    const body = req.body as Record<string, unknown> | undefined;
    return !!body && typeof body === 'object' && typeof body.query === 'string' && body.extensions === undefined;
  }

  private async stored(req: Request): Promise<Answer | undefined> {
    const body = req.body as Record<string, unknown>;
    const user = await this.bearer.user(req.headers.authorization);
    (req as unknown as Record<symbol, unknown>)[BEARER] = user;
    if (!user) return undefined;
    const answer = this.cache.lookup(answerKey(user, body.operationName, body.query, body.variables), Date.now());
    if (answer) {
      this.cache.stats.hits++;
      this.cache.stats.early++;
    }
    return answer;
  }

  private traced(req: Request, next: NextFunction): void {
    const trace = new Set<string>();
    (req as unknown as Record<symbol, Set<string>>)[TRACE] = trace;
    queryTraces.run(trace, next);
  }
}

export function traceOf(req: object | undefined): ReadonlySet<string> | undefined {
  return req ? (req as Record<symbol, Set<string>>)[TRACE] : undefined;
}

/**
 * The bearer check this middleware already made for the request (when it looked for a stored
 * answer), so the plugin does not verify the same token again; undefined when it made none.
 */
export function checkedBearerOf(req: object | undefined): AuthUser | false | undefined {
  return req ? (req as Record<symbol, AuthUser | false | undefined>)[BEARER] : undefined;
}
