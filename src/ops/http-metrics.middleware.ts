import { Injectable, NestMiddleware } from '@nestjs/common';
import type { NextFunction, Request, Response } from 'express';
import { MetricsService } from './metrics.service';

/** Observes every HTTP request's latency by method, matched route and status. */
@Injectable()
export class HttpMetricsMiddleware implements NestMiddleware {
  constructor(private readonly metrics: MetricsService) {}

  use(req: Request, res: Response, next: NextFunction): void {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      // The route pattern, not the URL (bounded labels): /health, /metrics, /graphql; unmatched paths
      // share one label. A catch-all tail (`/graphql/{*path}`, how middleware-mounted handlers match) is dropped.
      const pattern = req.route?.path ? `${req.baseUrl}${String(req.route.path)}` : req.baseUrl;
      const route = pattern ? pattern.replace(/\/\{\*\w+\}$/, '') || '/' : 'unmatched';
      this.metrics.observeHttp(req.method, route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9);
    });
    next();
  }
}
