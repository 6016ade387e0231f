import { AsyncLocalStorage } from 'node:async_hooks';
import { AdvancedConsoleLogger, LoggerOptions, QueryRunner } from 'typeorm';

/**
 * The SQL texts a GraphQL request ran, for the read cache: the request runs inside
 * `queryTraces.run(trace, …)` (read-cache middleware), and TypeORM's logger, which sees every
 * query, adds each text to the trace of the request it runs for (async context follows awaits and
 * the request's DataLoader batches). Outside a request nothing is recorded.
 */
export const queryTraces = new AsyncLocalStorage<Set<string>>();

/** TypeORM's console logger (same output options) that also records the query in the current trace. */
export class TracingLogger extends AdvancedConsoleLogger {
  constructor(options: LoggerOptions) {
    super(options);
  }

  override logQuery(query: string, parameters?: unknown[], queryRunner?: QueryRunner): void {
    queryTraces.getStore()?.add(query);
    super.logQuery(query, parameters, queryRunner);
  }
}
