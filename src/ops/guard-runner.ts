import { Logger } from '@nestjs/common';
import { Pool } from 'pg';
import { SystemClock } from '../clock/clock';
import { AppConfig, ConfigError, parseConfig } from '../config/config.schema';
import { IncidentService } from './incident.service';
import { createRootLogger, nestLoggerOn } from './logging';
import { NotificationService } from './notification.service';
import { OpsGuard } from './ops-guard';
import { OpsRepository, SqlRunner } from './ops.repository';

/**
 * Starts the ops guard without the rest of the app (no Nest, no forecasting code), so it can run
 * on another host: its own small `pg` pool for the incidents table when DATABASE_URL is set
 * (connections are made per query, so a database outage never stops the guard), the same
 * notification channels as the API.
 */
export function startGuard(config: AppConfig): { guard: OpsGuard; close(): Promise<void> } {
  const logger = createRootLogger({ level: config.LOG_LEVEL, format: config.LOG_FORMAT }).child({ component: 'ops-guard' });
  // The incident and notification services log through Nest's Logger: route it to pino here too.
  Logger.overrideLogger(nestLoggerOn(logger));
  const notifications = new NotificationService(config);
  const clock = new SystemClock();
  let pool: Pool | undefined;
  let incidents: IncidentService | undefined;
  if (config.DATABASE_URL) {
    pool = new Pool({ connectionString: config.DATABASE_URL, max: 2, connectionTimeoutMillis: 5000, idleTimeoutMillis: 10_000 });
    pool.on('error', (error) => logger.warn(`database: ${error.message}`));
    const runner: SqlRunner = { query: async <T>(sql: string, params?: unknown[]) => (await pool!.query(sql, params)).rows as T[] };
    incidents = new IncidentService(new OpsRepository(runner), notifications, clock);
  } else {
    logger.warn('DATABASE_URL is not set: incidents are alerted and filed, but not stored');
  }
  const guard = new OpsGuard({ config, clock, logger, notifications, incidents });
  guard.start();
  return {
    guard,
    async close() {
      await guard.stop();
      await pool?.end();
    },
  };
}

/** The configuration or exit 78 with one line per bad variable (without loading the app, as bootstrap's would). */
export function guardConfigOrExit(env: NodeJS.ProcessEnv = process.env): AppConfig {
  try {
    const config = parseConfig(env);
    if (!config.HEALTH_URL) throw new ConfigError('HEALTH_URL: required for the guard (e.g. http://api:3000/health)');
    return config;
  } catch (error) {
    if (!(error instanceof ConfigError)) throw error;
    process.stderr.write(`Configuration error:\n${error.message}\n`);
    process.exit(78);
  }
}
