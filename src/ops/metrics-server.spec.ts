import { MetricsService } from './metrics.service';
import { startMetricsServer } from './metrics-server';

describe('startMetricsServer', () => {
  it('serves the registry on /metrics and 404 elsewhere', async () => {
    const metrics = new MetricsService();
    metrics.runFinished({ status: 'completed', durationMs: 1000, succeeded: 3 });
    const server = await startMetricsServer(metrics, 0, '127.0.0.1');
    try {
      const response = await fetch(`http://127.0.0.1:${server.port}/metrics`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('neuronexus_run_skus_total{outcome="succeeded"} 3');
      expect((await fetch(`http://127.0.0.1:${server.port}/other`)).status).toBe(404);
    } finally {
      await server.close();
    }
  });
});
