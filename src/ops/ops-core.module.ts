import { Global, Module } from '@nestjs/common';
import { getDataSourceToken } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AnomalyService } from './anomaly.service';
import { GraphqlOperationsRecorder } from './graphql-operations.recorder';
import { IncidentService } from './incident.service';
import { JobObserver } from './job-observer';
import { MetricsService } from './metrics.service';
import { NotificationModule } from './notification.module';
import { OPS_REPOSITORY, OpsRepository, typeormRunner } from './ops.repository';
import { OpsSourcesService } from './ops-sources.service';

/**
 * What every process (API, worker, CLI) has of ops: metrics, anomaly detection and incidents,
 * for the cycle and learning modules to call. Global, so they need not import it.
 */
@Global()
@Module({
  imports: [NotificationModule],
  providers: [
    { provide: OPS_REPOSITORY, useFactory: (db: DataSource) => new OpsRepository(typeormRunner(db)), inject: [getDataSourceToken()] },
    MetricsService,
    AnomalyService,
    IncidentService,
    OpsSourcesService,
    JobObserver,
    GraphqlOperationsRecorder,
  ],
  exports: [MetricsService, GraphqlOperationsRecorder, AnomalyService, IncidentService, OpsSourcesService, NotificationModule],
})
export class OpsCoreModule {}
