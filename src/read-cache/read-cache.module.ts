import { DynamicModule, MiddlewareConsumer, Module, NestModule } from '@nestjs/common';
import { TABLE_OWNERS } from '../database/table-owners';
import { LocalWritesSubscriber } from './local-writes.subscriber';
import { ReadCache } from './read-cache';
import { ReadCacheMiddleware } from './read-cache.middleware';
import { ReadCacheMetrics } from './read-cache.metrics';
import { ReadCachePlugin } from './read-cache.plugin';
import { SqlTables } from './sql-tables';
import { CoveredTables, READ_CACHE, READ_CACHE_DATABASE_URL, TableChangesListener } from './table-changes.listener';

export interface ReadCacheModuleOptions {
  /** READ_CACHE_ENTRIES; 0 = no cache. */
  entries: number;
  ttlSeconds: number;
  /** The PostgreSQL to listen to; undefined (the embedded database) = no cache. */
  databaseUrl: string | undefined;
  /** The module that provides BearerAuthService (the app's SecurityModule, the same instance). */
  security: DynamicModule;
}

/**
 * The API's read cache (issue 9): typical reads answered from memory until PostgreSQL announces a
 * change to a table they were read from. See read-cache.ts for the rules and docs/ARCHITECTURE.md.
 */
@Module({})
export class ReadCacheModule implements NestModule {
  static forRoot(options: ReadCacheModuleOptions): DynamicModule {
    if (options.entries === 0 || !options.databaseUrl) return { module: NoReadCacheModule };
    return {
      module: ReadCacheModule,
      imports: [options.security],
      providers: [
        { provide: READ_CACHE, useValue: new ReadCache(options.entries, options.ttlSeconds * 1000) },
        { provide: READ_CACHE_DATABASE_URL, useValue: options.databaseUrl },
        { provide: SqlTables, useValue: new SqlTables(Object.keys(TABLE_OWNERS)) },
        CoveredTables,
        TableChangesListener,
        LocalWritesSubscriber,
        ReadCacheMetrics,
        ReadCachePlugin,
      ],
      exports: [READ_CACHE],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(ReadCacheMiddleware).forRoutes('graphql');
  }
}

/** What the app gets with the cache off (READ_CACHE_ENTRIES=0, the embedded database): nothing, no middleware. */
@Module({})
export class NoReadCacheModule {}
