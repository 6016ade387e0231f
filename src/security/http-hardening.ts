import { INestApplication } from '@nestjs/common';
import helmet from 'helmet';
import { AppConfig } from '../config/config.schema';

/**
 * HTTP headers and CORS for the API. helmet's defaults (no sniffing, no framing, HSTS, a strict
 * Content-Security-Policy) everywhere but development, where the CSP is left off so local tools work.
 * CORS: only the origins in CORS_ORIGINS may call the API from a browser; none when it is empty
 * (the console is served by the API itself, same origin).
 */
export function applyHttpHardening(app: INestApplication, config: AppConfig): void {
  app.use(helmet({ contentSecurityPolicy: config.NODE_ENV === 'development' ? false : undefined, crossOriginEmbedderPolicy: false }));
  const origins = config.CORS_ORIGINS;
  if (origins.length > 0) {
    app.enableCors({ origin: origins.includes('*') ? true : origins, methods: ['GET', 'POST'], allowedHeaders: ['content-type', 'authorization'], maxAge: 600 });
  }
}
