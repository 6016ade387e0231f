import { Injectable, Logger, NestMiddleware } from '@nestjs/common';
import { Request, Response, NextFunction } from 'express';
import { createReadStream, statSync } from 'node:fs';
import { extname, join } from 'node:path';
import { CONTENT_TYPES, fileForPath, findConsoleRoot, isApiPath, isClientRoute } from './console-files';

const NOT_BUILT = `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>NeuroNexus</title></head>
<body><main><h1>NeuroNexus</h1><p>The console is not built. Run <code>npm run build</code> and restart; the API is at <a href="/graphql">/graphql</a>.</p></main></body></html>`;

/**
 * Serves the built console (web/dist) at `/`: files as they are (hashed assets cached for a
 * year), index.html for client routes (/recommendations, /items/SKU, …). /graphql, /health and
 * /metrics pass through to the API.
 */
@Injectable()
export class ConsoleMiddleware implements NestMiddleware {
  private readonly root = findConsoleRoot(__dirname);

  constructor() {
    if (!this.root) new Logger('Console').warn('web/dist not found: run `npm run build` to build the console');
  }

  use(req: Request, res: Response, next: NextFunction): void {
    const path = req.originalUrl ?? req.url;
    if ((req.method !== 'GET' && req.method !== 'HEAD') || isApiPath(path)) return next();
    const wantsPage = isClientRoute(path) || (req.headers.accept ?? '').includes('text/html');
    if (!this.root) {
      if (!wantsPage) return next();
      res.status(200).type('html').send(NOT_BUILT);
      return;
    }
    const file = fileForPath(this.root, path);
    if (file && isFile(file) && !file.endsWith('index.html')) return send(res, file, req.method, path.startsWith('/assets/'));
    if (!wantsPage) return next();
    send(res, join(this.root, 'index.html'), req.method, false);
  }
}

function isFile(file: string): boolean {
  try {
    return statSync(file).isFile();
  } catch {
    return false;
  }
}

function send(res: Response, file: string, method: string, immutable: boolean): void {
  res.setHeader('content-type', CONTENT_TYPES[extname(file)] ?? 'application/octet-stream');
  // Vite puts a content hash in every asset name; index.html must always be fetched fresh.
  res.setHeader('cache-control', immutable ? 'public, max-age=31536000, immutable' : 'no-cache');
  res.setHeader('x-content-type-options', 'nosniff');
  if (method === 'HEAD') {
    res.end();
    return;
  }
  createReadStream(file).pipe(res);
}
