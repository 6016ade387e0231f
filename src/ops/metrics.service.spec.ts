import { checkExposition, histogram, sample } from '../../test/support/prometheus';
import { MetricsService } from './metrics.service';

describe('MetricsService exposition', () => {
  it('round-trips: the text parses back to what the registry holds', async () => {
    const metrics = new MetricsService();
    metrics.observeHttp('POST', '/graphql', 200, 0.02);
    metrics.observeHttp('POST', '/graphql', 200, 0.3);
    metrics.observeGraphql('ItemsPage', 0.02, true);
    metrics.runFinished({ status: 'completed', durationMs: 42_000, processed: 10, succeeded: 8, insufficientHistory: 1, failed: 1 });
    metrics.retrainingFinished('promoted');
    metrics.driftDetected('mape');
    metrics.modelRolledBack('drift');
    metrics.mapeByClass({ A: 0.12, B: 0.2 });
    metrics.setOpenRecommendations({ urgent: 3 });
    metrics.setPurchaseOrders({ approved: 2 });
    metrics.setQueueCounts('forecast', { waiting: 5, active: 1, delayed: 0, failed: 2 });
    metrics.setRuns({ status: 'completed', startedAt: new Date(0), finishedAt: new Date(60_000), processed: 10, total: 10, failed: 1 }, new Date(60_000), new Date(120_000));

    const text = await metrics.render();
    const parsed = checkExposition(text);
    const json = await metrics.registry.getMetricsAsJSON();
    expect(parsed.map((f) => f.name).sort()).toEqual(json.map((m) => m.name).sort());
    for (const m of json) {
      const family = parsed.find((f) => f.name === m.name)!;
      expect(family.type).toBe(String(m.type).toUpperCase());
      // Our own series (default process metrics move between the two reads).
      if (m.name.startsWith('neuronexus_') && (String(m.type) === 'counter' || String(m.type) === 'gauge')) {
        for (const v of m.values) expect(Number(sample(parsed, m.name, v.labels as Record<string, string>)?.value)).toBeCloseTo(v.value, 6);
      }
    }

    const http = histogram(text, 'neuronexus_http_request_duration_seconds', { route: '/graphql', status: '200' })!;
    expect(http.count).toBe(2);
    expect(http.sum).toBeCloseTo(0.32, 9);
    expect([http.buckets.get(0.01), http.buckets.get(0.025), http.buckets.get(0.25), http.buckets.get(0.5), http.buckets.get(Infinity)]).toEqual([0, 1, 1, 2, 2]);
    expect(sample(parsed, 'neuronexus_runs_total', { status: 'completed' })?.value).toBe('1');
    expect(sample(parsed, 'neuronexus_run_skus_total', { outcome: 'failed' })?.value).toBe('1');
    expect(sample(parsed, 'neuronexus_open_recommendations', { priority: 'low' })?.value).toBe('0');
    expect(sample(parsed, 'neuronexus_last_run_age_seconds')?.value).toBe('120');
    expect(sample(parsed, 'neuronexus_queue_jobs', { queue: 'forecast', state: 'failed' })?.value).toBe('2');
    expect(parsed.some((f) => f.name === 'process_cpu_user_seconds_total')).toBe(true);
  });

  it('the checker refuses a broken exposition', () => {
    expect(() => checkExposition('# HELP x X.\n# TYPE x gauge\nx{a="1"} one\n')).toThrow();
    expect(() => checkExposition('# HELP h H.\n# TYPE h histogram\nh_bucket{a="x",le="1"} 3\nh_bucket{a="x",le="+Inf"} 2\nh_sum{a="x"} 1\nh_count{a="x"} 2\n')).toThrow('buckets not cumulative');
    expect(() => checkExposition('# HELP x X.\nx 1\n')).toThrow('no TYPE');
  });
});
