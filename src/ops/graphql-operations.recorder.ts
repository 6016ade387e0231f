import { Injectable } from '@nestjs/common';
import { AnomalyService } from './anomaly.service';
import { LabelBudget } from './graphql-operation';
import { MetricsService } from './metrics.service';

/**
 * Where every answered GraphQL operation is counted: the latency histogram and the anomaly
 * detectors, per operation label (at most 200 labels; later ones are `other`). Called by the
 * Apollo plugin (graphql-metrics.plugin.ts) and by the read cache for the answers it gives before
 * Apollo (read-cache.middleware.ts).
 */
@Injectable()
export class GraphqlOperationsRecorder {
  private readonly labels = new LabelBudget(200);

  constructor(
    private readonly metrics: MetricsService,
    private readonly anomalies: AnomalyService,
  ) {}

  record(label: string, ms: number, ok: boolean): void {
    const operation = this.labels.admit(label);
    this.metrics.observeGraphql(operation, ms / 1000, ok);
    this.anomalies.recordOperation(operation, ms, ok);
  }
}
