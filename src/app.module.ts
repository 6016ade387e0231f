import { ApolloServerPluginCacheControlDisabled } from '@apollo/server/plugin/disabled';
import { ApolloDriver, ApolloDriverConfig } from '@nestjs/apollo';
import { DynamicModule, Module } from '@nestjs/common';
import { APP_FILTER } from '@nestjs/core';
import { GraphQLModule } from '@nestjs/graphql';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { Request } from 'express';
import { AuditModule } from './audit/audit.module';
import { Clock } from './clock/clock';
import { ClockModule } from './clock/clock.module';
import { DomainErrorFilter } from './common/domain-error.filter';
import { formatGraphQLError } from './common/graphql-errors';
import { ConfigModule } from './config/config.module';
import { ConsoleModule } from './console/console.module';
import { AppConfig, introspectionEnabled } from './config/config.schema';
import { dataSourceOptions } from './database/data-source-options';
import { CycleModule } from './cycle/cycle.module';
import { InventoryModule } from './inventory/inventory.module';
import { JobsModule } from './jobs/jobs.module';
import { loggingModule } from './ops/logging.module';
import { OpsCoreModule } from './ops/ops-core.module';
import { LearningModule } from './learning/learning.module';
import { OpsModule } from './ops/ops.module';
import { ReadCacheModule } from './read-cache/read-cache.module';
import { queryLimitsPlugin } from './security/query-limits.plugin';
import { SecurityModule } from './security/security.module';

export interface AppModuleOptions {
  config: AppConfig;
  /** The PostgreSQL URL to use: DATABASE_URL, or the embedded server's. */
  databaseUrl: string;
  jwtSecret: string;
  poolSize: number;
  /** Serve HTTP (GraphQL, health). The worker and CLI do not. */
  http: boolean;
  /** Run queued jobs in this process (workers; every process in embedded mode). */
  processJobs: boolean;
  /** Register the crons (the API process, when SCHEDULER_ENABLED). */
  schedule: boolean;
  /** The one clock (tests pass a SettableClock); the system clock when absent. */
  clock?: Clock;
}

@Module({})
export class AppModule {
  static forRoot(options: AppModuleOptions): DynamicModule {
    const { config } = options;
    const security = SecurityModule.forRoot({ masterKey: config.SIGNING_KEYS_MASTER_KEY ?? `signing-keys:${options.jwtSecret}`, schedule: options.schedule });
    const imports = [
      ConfigModule.forRoot(config),
      ClockModule.forRoot(options.clock),
      TypeOrmModule.forRoot(dataSourceOptions(options.databaseUrl, { poolSize: options.poolSize, migrationsRun: config.MIGRATIONS_RUN })),
      JobsModule.forRoot({ config, processJobs: options.processJobs }),
      loggingModule(),
      OpsCoreModule,
      AuditModule.forRoot({ schedule: options.schedule }),
      security,
      InventoryModule,
      LearningModule.forRoot({ schedule: options.schedule }),
      CycleModule.forRoot({ schedule: options.schedule }),
    ];
    if (options.schedule) imports.push(ScheduleModule.forRoot());
    if (options.http) {
      imports.push(
        GraphQLModule.forRoot<ApolloDriverConfig>({
          driver: ApolloDriver,
          autoSchemaFile: true,
          sortSchema: true,
          path: '/graphql',
          context: ({ req }: { req: Request }) => ({ req }),
          formatError: formatGraphQLError,
          includeStacktraceInErrorResponses: false,
          // Security (issue 8): bounded documents, no schema hints or landing page in production.
          introspection: introspectionEnabled(config),
          playground: false,
          hideSchemaDetailsFromClientErrors: config.NODE_ENV === 'production',
          allowBatchedHttpRequests: false,
          parseOptions: { maxTokens: config.GRAPHQL_MAX_TOKENS },
          maxRecursiveSelections: true,
          plugins: [
            // No cache hints are used (no CDN; the read cache is invalidated by table changes, not hints); Apollo's default cache-control
            // plugin would otherwise wrap every field's resolver to collect them (bench/load).
            ApolloServerPluginCacheControlDisabled(),
            queryLimitsPlugin({ maxDepth: config.GRAPHQL_MAX_DEPTH, maxAliases: config.GRAPHQL_MAX_ALIASES, maxCost: config.GRAPHQL_MAX_COST, maxListSize: config.GRAPHQL_MAX_LIST_SIZE }),
          ],
        }),
        OpsModule.forRoot({ schedule: options.schedule }),
        // Not with the embedded database: its one connection cannot also listen.
        ReadCacheModule.forRoot({ entries: config.READ_CACHE_ENTRIES, ttlSeconds: config.READ_CACHE_TTL_SECONDS, databaseUrl: config.DATABASE_URL ? options.databaseUrl : undefined, security }),
        ConsoleModule,
      );
    }
    return { module: AppModule, imports, providers: options.http ? [{ provide: APP_FILTER, useClass: DomainErrorFilter }] : [] };
  }
}
