import { DynamicModule, MiddlewareConsumer, Module, NestModule, Provider } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ReorderModule } from '../reorder/reorder.module';
import { GraphqlMetricsPlugin } from './graphql-metrics.plugin';
import { HealthController } from './health.controller';
import { HttpMetricsMiddleware } from './http-metrics.middleware';
import { MetricsController } from './metrics.controller';
import { OpsHealthIndicators } from './ops-health.indicators';
import { OpsResolver } from './ops.resolver';
import { QueueStatsService } from './queue-stats.service';
import { RedisHealthIndicator } from './redis.health';
import { RunWatchScheduler } from './run-watch.scheduler';
import { RunWatchService } from './run-watch.service';

/**
 * The API process's ops: /health, /metrics, request metrics, incidents and anomalies in
 * GraphQL, and (with the schedulers) the 06:00 run watch.
 */
@Module({})
export class OpsModule implements NestModule {
  static forRoot(options: { schedule: boolean }): DynamicModule {
    const providers: Provider[] = [RedisHealthIndicator, OpsHealthIndicators, QueueStatsService, GraphqlMetricsPlugin, HttpMetricsMiddleware, OpsResolver, RunWatchService];
    if (options.schedule) providers.push(RunWatchScheduler);
    return {
      module: OpsModule,
      imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false }), ReorderModule],
      controllers: [HealthController, MetricsController],
      providers,
      exports: [RunWatchService],
    };
  }

  configure(consumer: MiddlewareConsumer): void {
    consumer.apply(HttpMetricsMiddleware).forRoutes('*');
  }
}
