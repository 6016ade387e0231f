import type { LoggerService } from '@nestjs/common';
import { Writable } from 'node:stream';
import { storage, Store } from 'nestjs-pino/storage';
import pino, { DestinationStream, Logger as PinoLogger } from 'pino';
import { CENSOR, REDACT_PATHS, scrubSecrets } from './log-redaction';
import { formatPrettyLine } from './pretty-log';

/**
 * The process's one pino logger: JSON lines (LOG_FORMAT=json) or readable lines (pretty), at
 * LOG_LEVEL, with secrets redacted by path and scrubbed out of messages. Nest's own logger is
 * routed to it (nestjs-pino), so `new Logger('X').log(...)` lands here too, carrying the request
 * id inside an HTTP request and the run id / SKU inside a job (`withLogContext`).
 */
export type NestLogLevel = 'error' | 'warn' | 'log' | 'debug' | 'verbose';
export type LogFormat = 'json' | 'pretty' | 'auto';

const PINO_LEVEL: Record<NestLogLevel, pino.Level> = { error: 'error', warn: 'warn', log: 'info', debug: 'debug', verbose: 'trace' };

let root: PinoLogger | undefined;

/** A writable that turns pino's JSON lines into pretty ones. */
export function prettyStream(out: NodeJS.WritableStream = process.stdout): Writable {
  return new Writable({
    write(chunk: Buffer, _encoding, callback) {
      for (const line of chunk.toString('utf8').split('\n')) {
        if (!line) continue;
        try {
          out.write(formatPrettyLine(JSON.parse(line)) + '\n');
        } catch {
          out.write(line + '\n');
        }
      }
      callback();
    },
  });
}

export function createRootLogger(options: { level: NestLogLevel; format: LogFormat }, destination?: DestinationStream): PinoLogger {
  const pretty = options.format === 'pretty' || (options.format === 'auto' && process.stdout.isTTY === true);
  const stream = destination ?? (pretty ? prettyStream() : pino.destination({ fd: 1, sync: true }));
  root = pino(
    {
      level: PINO_LEVEL[options.level],
      base: { service: 'neuronexus' },
      redact: { paths: REDACT_PATHS, censor: CENSOR },
      hooks: {
        // Scrub every string argument (messages and their interpolation values).
        logMethod(args, method) {
          return method.apply(this, args.map((a) => (typeof a === 'string' ? scrubSecrets(a) : a)) as Parameters<typeof method>);
        },
      },
      serializers: { err: pino.stdSerializers.err },
    },
    stream,
  );
  return root;
}

/** The root logger (created on first use with the defaults when bootstrap has not made one). */
export function rootLogger(): PinoLogger {
  return root ?? createRootLogger({ level: 'log', format: 'json' });
}

/**
 * Runs `work` with a child logger bound to `fields` (run id, SKU, job id): every Nest log line
 * written inside it, however deep, carries them. `fresh` starts from the root logger instead of
 * the surrounding context: a job enqueued from inside another job (the in-process driver runs it
 * in the enqueuer's async context) must not carry the other job's fields.
 */
export function withLogContext<T>(fields: Record<string, string | number | undefined>, work: () => T, options: { fresh?: boolean } = {}): T {
  const parent = (options.fresh ? undefined : storage.getStore()?.logger) ?? rootLogger();
  return storage.run(new Store(parent.child(fields)), work);
}

/**
 * Nest's LoggerService on a pino logger, for code that runs outside a Nest app (the guard) but
 * uses services that log through Nest's `Logger` (`Logger.overrideLogger(nestLoggerOn(root))`).
 */
export function nestLoggerOn(logger: PinoLogger): LoggerService {
  const write = (level: pino.Level) => (message: unknown, ...params: unknown[]) => {
    const context = typeof params[params.length - 1] === 'string' ? (params[params.length - 1] as string) : undefined;
    logger[level](context ? { context } : {}, String(message));
  };
  return { log: write('info'), error: write('error'), warn: write('warn'), debug: write('debug'), verbose: write('trace'), fatal: write('fatal') };
}
