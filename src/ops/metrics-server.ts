import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import type { MetricsService } from './metrics.service';

/**
 * A worker's own /metrics (METRICS_PORT): a worker has no HTTP app, but its job timings, run
 * counters and process metrics live in its registry, so Prometheus scrapes each worker too.
 */
export async function startMetricsServer(metrics: MetricsService, port: number, host: string): Promise<{ port: number; close(): Promise<void> }> {
  const server: Server = createServer((req, res) => {
    if (req.method !== 'GET' || (req.url ?? '').split('?')[0] !== '/metrics') return void res.writeHead(404).end();
    metrics.render().then(
      (text) => res.writeHead(200, { 'content-type': metrics.contentType }).end(text),
      (error: Error) => res.writeHead(500).end(error.message),
    );
  });
  await new Promise<void>((resolve) => server.listen(port, host, resolve));
  return { port: (server.address() as AddressInfo).port, close: () => new Promise((resolve) => server.close(() => resolve())) };
}
