import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorFunction, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { OpsHealthIndicators } from './ops-health.indicators';
import { RedisHealthIndicator } from './redis.health';

/**
 * `/health`: readiness — database, Redis (when configured), BullMQ backlog and failed jobs,
 * freshness of the last completed run, production model age and event-loop delay; a 503 body
 * names each failing indicator under `error`. `/health/live`: the process answers.
 */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly database: TypeOrmHealthIndicator,
    private readonly redis: RedisHealthIndicator,
    private readonly ops: OpsHealthIndicators,
  ) {}

  @Get()
  @HealthCheck()
  readiness() {
    const checks: HealthIndicatorFunction[] = [() => this.database.pingCheck('database', { timeout: 1500 })];
    if (this.redis.configured) checks.push(() => this.redis.isHealthy('redis'));
    if (this.ops.queuesConfigured) checks.push(() => this.ops.queueBacklog('queues'));
    checks.push(
      () => this.ops.runFreshness('runFreshness'),
      () => this.ops.modelAge('modelAge'),
      () => this.ops.eventLoop('eventLoop'),
    );
    return this.health.check(checks);
  }

  @Get('live')
  @HealthCheck()
  liveness() {
    return this.health.check([]);
  }
}
