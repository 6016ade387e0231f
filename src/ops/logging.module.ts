import { DynamicModule } from '@nestjs/common';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { randomUUID } from 'node:crypto';
import { LoggerModule } from 'nestjs-pino';
import { rootLogger } from './logging';

const REQUEST_ID = /^[\w.:-]{1,64}$/;

/**
 * The request id: the caller's `x-request-id` when it is a sane token (so a proxy's id follows
 * the request through), else a new UUID; sent back in the response's `x-request-id`.
 */
export function requestId(req: IncomingMessage, res: ServerResponse): string {
  const incoming = req.headers['x-request-id'];
  const id = typeof incoming === 'string' && REQUEST_ID.test(incoming) ? incoming : randomUUID();
  res.setHeader('x-request-id', id);
  return id;
}

/**
 * nestjs-pino on the process's root logger (logging.ts): every log line written while an HTTP
 * request is handled carries its `reqId`; one line per request when it ends (not for /health
 * and /metrics, which monitoring polls), at `error` for 5xx.
 */
export function loggingModule(): DynamicModule {
  return LoggerModule.forRoot({
    pinoHttp: {
      logger: rootLogger(),
      genReqId: requestId,
      quietReqLogger: true,
      autoLogging: { ignore: (req) => /^\/(health|metrics)(\/|$|\?)/.test(req.url ?? '') },
      customLogLevel: (_req, res, error) => (error || res.statusCode >= 500 ? 'error' : 'info'),
      serializers: {
        req: (req: { id: string; method: string; url: string }) => ({ id: req.id, method: req.method, url: req.url }),
        res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
      },
    },
  });
}
