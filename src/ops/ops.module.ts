import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { ReorderModule } from '../reorder/reorder.module';
import { HealthController } from './health.controller';
import { MetricsController } from './metrics.controller';
import { RedisHealthIndicator } from './redis.health';

@Module({
  imports: [TerminusModule.forRoot({ errorLogStyle: 'pretty', logger: false }), ReorderModule],
  controllers: [HealthController, MetricsController],
  providers: [RedisHealthIndicator],
})
export class OpsModule {}
