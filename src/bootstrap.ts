import { INestApplication, INestApplicationContext, Logger } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger as PinoNestLogger } from 'nestjs-pino';
import { AppModule } from './app.module';
import { Clock } from './clock/clock';
import { AppConfig, ConfigError, maxBodyBytes, parseConfig } from './config/config.schema';
import { EmbeddedPostgres } from './database/embedded-postgres';
import { createRootLogger } from './ops/logging';
import { resolveJwtSecret } from './security/jwt-secret';
import { applyHttpHardening } from './security/http-hardening';

export interface Runtime<T extends INestApplicationContext = INestApplicationContext> {
  app: T;
  config: AppConfig;
  mode: { database: 'embedded' | 'postgres'; jobs: 'in-process' | 'redis'; processJobs: boolean };
  databaseUrl: string;
  close(): Promise<void>;
}

/** Reads the config or exits with one line per bad variable. */
export function loadConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    return parseConfig(env);
  } catch (error) {
    if (error instanceof ConfigError) {
      process.stderr.write(`Configuration error:\n${error.message}\n`);
      process.exit(78); // EX_CONFIG
    }
    throw error;
  }
}

/**
 * Starts the database (embedded PGlite when DATABASE_URL is not set) and the Nest application.
 * `http: true` builds the HTTP app (GraphQL, health) without listening; the caller listens.
 */
export interface RuntimeOptions {
  /** api: HTTP + crons; worker: jobs only; cli: neither, unless it asks to process jobs. */
  role: 'api' | 'worker' | 'cli';
  /** Override: process queued jobs here (default: workers, and every role without Redis). */
  processJobs?: boolean;
  /** The clock every service reads (tests set it); the system clock when absent. */
  clock?: Clock;
}

export async function createRuntime(config: AppConfig, options: { role: 'api'; processJobs?: boolean; clock?: Clock }): Promise<Runtime<INestApplication>>;
export async function createRuntime(config: AppConfig, options: RuntimeOptions): Promise<Runtime>;
export async function createRuntime(config: AppConfig, options: RuntimeOptions): Promise<Runtime> {
  const http = options.role === 'api';
  const processJobs = options.processJobs ?? (options.role === 'worker' || !config.REDIS_URL);
  // JSON (or pretty) lines through pino at LOG_LEVEL; Nest's logger is routed to it once the app exists.
  createRootLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT });
  const embedded = config.DATABASE_URL ? undefined : new EmbeddedPostgres(config.DATA_DIR);
  const databaseUrl = config.DATABASE_URL ?? (await embedded!.start());
  const jwt = resolveJwtSecret({ configured: config.JWT_SECRET, embedded: !!embedded, dataDir: config.DATA_DIR });
  // pglite-socket forwards each protocol message on its own, so two connections' extended-protocol
  // queries can interleave on the single PGlite backend; one pooled connection keeps them whole.
  const poolSize = embedded ? 1 : config.DATABASE_POOL_SIZE;
  const module = AppModule.forRoot({ config, databaseUrl, poolSize, jwtSecret: jwt.secret, http, processJobs, schedule: http && config.SCHEDULER_ENABLED, clock: options.clock });
  let app: INestApplicationContext;
  try {
    if (http) {
      const http = await NestFactory.create<NestExpressApplication>(module, { bufferLogs: true, abortOnError: false });
      // Bulk mutations carry up to MAX_BATCH_ROWS rows; MAX_BODY_BYTES (default 1 KiB a row) bounds them.
      http.useBodyParser('json', { limit: maxBodyBytes(config) });
      applyHttpHardening(http, config);
      app = http;
    } else app = await NestFactory.createApplicationContext(module, { bufferLogs: true, abortOnError: false });
    app.useLogger(app.get(PinoNestLogger));
  } catch (error) {
    await embedded?.stop();
    throw error;
  }
  const mode = { database: embedded ? ('embedded' as const) : ('postgres' as const), jobs: config.REDIS_URL ? ('redis' as const) : ('in-process' as const), processJobs };
  const log = new Logger('NeuroNexus');
  log.log(
    `mode: database ${mode.database === 'embedded' ? `embedded PGlite (${config.DATA_DIR})` : 'PostgreSQL (DATABASE_URL)'}, jobs ${mode.jobs === 'redis' ? 'BullMQ on Redis (REDIS_URL)' : 'in-process'}${mode.jobs === 'redis' ? (processJobs ? ', processing jobs here' : ', enqueue only') : ''}`,
  );
  if (jwt.source === 'ephemeral') log.warn('JWT_SECRET is not set: tokens are signed with a random per-process secret and die with the process');
  let closed = false;
  return {
    app,
    config,
    mode,
    databaseUrl,
    async close() {
      if (closed) return;
      closed = true;
      await app.close();
      await embedded?.stop();
    },
  };
}
