import { Injectable, NestMiddleware } from '@nestjs/common';
import { NextFunction, Request, Response } from 'express';
import { queryTraces } from './query-trace';

const TRACE = Symbol('readCacheTrace');

/** Runs each GraphQL request with its own query trace (query-trace.ts), kept on the request for the plugin. */
@Injectable()
export class ReadTraceMiddleware implements NestMiddleware {
  use(req: Request, _res: Response, next: NextFunction): void {
    const trace = new Set<string>();
    (req as unknown as Record<symbol, Set<string>>)[TRACE] = trace;
    queryTraces.run(trace, next);
  }
}

export function traceOf(req: object | undefined): ReadonlySet<string> | undefined {
  return req ? (req as Record<symbol, Set<string>>)[TRACE] : undefined;
}
