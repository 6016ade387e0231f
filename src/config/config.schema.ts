import { z } from 'zod';

/**
 * Every environment variable the service reads, with its type and default. The README's
 * configuration table mirrors this file; keep them in step.
 */
const bool = (fallback: boolean) =>
  z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .default(fallback ? 'true' : 'false')
    .transform((v) => v === 'true' || v === '1' || v === 'yes');

const int = (fallback: number, min: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .refine((v) => /^-?\d+$/.test(v.trim()), { message: `expected a whole number from ${min} to ${max}` })
    .transform((v) => Number(v))
    .refine((v) => v >= min && v <= max, { message: `expected a whole number from ${min} to ${max}` });

const fraction = (fallback: number) =>
  z
    .string()
    .default(String(fallback))
    .transform((v) => Number(v))
    .refine((v) => Number.isFinite(v) && v > 0 && v < 1, { message: 'expected a number between 0 and 1, e.g. 0.95' });

const url = (protocols: string[]) =>
  z
    .string()
    .optional()
    .transform((v) => (v === undefined || v.trim() === '' ? undefined : v.trim()))
    .refine(
      (v) => {
        if (v === undefined) return true;
        try {
          return protocols.includes(new URL(v).protocol);
        } catch {
          return false;
        }
      },
      { message: `expected a URL starting with ${protocols.map((p) => p + '//').join(' or ')}` },
    );

const optionalText = z
  .string()
  .optional()
  .transform((v) => (v === undefined || v.trim() === '' ? undefined : v));

/** Five-field cron expression (minute hour day month weekday), or six with seconds. */
const cron = (fallback: string) =>
  z
    .string()
    .default(fallback)
    .refine((v) => [5, 6].includes(v.trim().split(/\s+/).length), {
      message: 'expected a cron expression such as "0 2 * * *"',
    });

/** A duration in seconds (decimals allowed, so tests can run the guard every 0.5 s). */
const seconds = (fallback: number, min: number, max: number) =>
  z
    .string()
    .default(String(fallback))
    .transform((v) => Number(v))
    .refine((v) => Number.isFinite(v) && v >= min && v <= max, { message: `expected a number of seconds from ${min} to ${max}` });

/** owner/name of a GitHub repository. */
const githubRepo = optionalText.refine((v) => v === undefined || /^[\w.-]+\/[\w.-]+$/.test(v), { message: 'expected owner/name, e.g. acme/neuronexus' });

export const configSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test'], { message: 'expected development, production or test' }).default('development'),
  PORT: int(3000, 0, 65535),
  HOST: z.string().default('127.0.0.1'),
  LOG_LEVEL: z.enum(['error', 'warn', 'log', 'debug', 'verbose'], { message: 'expected error, warn, log, debug or verbose' }).default('log'),
  LOG_FORMAT: z.enum(['auto', 'json', 'pretty'], { message: 'expected auto, json or pretty' }).default('auto'),
  DATABASE_URL: url(['postgres:', 'postgresql:']),
  DATABASE_POOL_SIZE: int(10, 1, 200),
  // The API's cache of typical reads, invalidated by table-change notifications (src/read-cache/); 0 turns it off. PostgreSQL only.
  READ_CACHE_ENTRIES: int(2000, 0, 1_000_000),
  READ_CACHE_TTL_SECONDS: int(60, 1, 3600),
  DATA_DIR: z.string().default('./.data'),
  MIGRATIONS_RUN: bool(true),
  REDIS_URL: url(['redis:', 'rediss:']),
  QUEUE_PREFIX: z.string().default('neuronexus'),
  WORKER_CONCURRENCY: int(4, 1, 256),
  FORECAST_THREADS: int(2, 0, 64),
  // A worker process's OS scheduling niceness (0–19): on a host it shares with an API, the API's reads go first.
  WORKER_NICE: int(10, 0, 19),
  FORECAST_BATCH_SKUS: int(20, 1, 500),
  JWT_SECRET: optionalText.refine((v) => v === undefined || v.length >= 32, {
    message: 'expected at least 32 characters',
  }),
  // Short access tokens; sessions continue through refresh tokens (refreshSession).
  JWT_EXPIRES_IN_SECONDS: int(900, 60, 60 * 60 * 24 * 30),
  REFRESH_TOKEN_TTL_SECONDS: int(14 * 24 * 3600, 60, 365 * 24 * 3600),
  REFRESH_REUSE_GRACE_SECONDS: int(2, 0, 60),
  MUTATION_RATE_PER_MINUTE: int(600, 1, 1_000_000),
  DEMO_ADMIN_PASSWORD: optionalText.refine((v) => v === undefined || v.length >= 12, {
    message: 'expected at least 12 characters (see the password rules in README)',
  }),
  MAX_BATCH_ROWS: int(10000, 1, 1000000),
  SCHEDULER_ENABLED: bool(true),
  FORECAST_CRON: cron('0 2 * * *'),
  SUPERVISOR_CRON: cron('*/15 * * * * *'),
  RETRAIN_CRON: cron('0 3 * * 0'),
  RUN_DEADLINE_MINUTES: int(120, 1, 7 * 24 * 60),
  RUN_STALL_SECONDS: int(60, 5, 24 * 3600),
  INFRA_RETRY_MAX_MINUTES: int(10, 0, 24 * 60),
  ROLLOUT_PHASE: z.enum(['shadow', 'notify', 'draft', 'auto'], { message: 'expected shadow, notify, draft or auto' }).default('draft'),
  SERVICE_LEVEL_A: fraction(0.99),
  SERVICE_LEVEL_B: fraction(0.95),
  SERVICE_LEVEL_C: fraction(0.9),
  CYCLE_STOCK_WEEKS: int(4, 0, 52),
  AUTO_APPROVE_MAX_LINE_VALUE: int(1000, 0, 1_000_000_000),
  DECISION_PRIORITIES: z
    .string()
    .default('urgent,high')
    .transform((v) => v.split(',').map((p) => p.trim()).filter((p) => p.length > 0))
    .refine((list) => list.every((p) => ['urgent', 'high', 'medium', 'low'].includes(p)), { message: 'expected a comma-separated list of urgent, high, medium, low (or empty)' }),
  FORECAST_HORIZON_WEEKS: int(4, 1, 26),
  MODEL_MAX_AGE_DAYS: int(7, 1, 365),
  FRONTEND_URL: url(['http:', 'https:']),
  SMTP_HOST: optionalText,
  SMTP_PORT: int(587, 1, 65535),
  SMTP_SECURE: bool(false),
  SMTP_USER: optionalText,
  SMTP_PASSWORD: optionalText,
  SMTP_FROM: z.string().default('NeuroNexus <neuronexus@localhost>'),
  ADMIN_EMAIL: optionalText,
  SLACK_WEBHOOK_URL: url(['http:', 'https:']),
  METRICS_PORT: int(0, 0, 65535),
  ANOMALY_COOLDOWN_SECONDS: int(900, 1, 86400),
  HEALTH_RUN_MAX_AGE_HOURS: int(26, 1, 24 * 30),
  HEALTH_MODEL_MAX_AGE_DAYS: int(14, 1, 365),
  HEALTH_EVENT_LOOP_MAX_MS: int(1000, 10, 60000),
  HEALTH_QUEUE_MAX_BACKLOG: int(50000, 0, 100000000),
  HEALTH_QUEUE_MAX_FAILED: int(100, 0, 100000000),
  RUN_WATCH_CRON: cron('0 6 * * *'),
  HEALTH_URL: url(['http:', 'https:']),
  // 3 failures × (interval + timeout) = 120 s < the plan's 3 min (worstCaseDetectionMs, docs/ops.md).
  GUARD_INTERVAL: seconds(30, 0.1, 86400),
  GUARD_TIMEOUT: seconds(10, 0.1, 600),
  ROLLBACK_COMMAND: optionalText,
  ROLLBACK_TIMEOUT: seconds(300, 1, 3600),
  ROLLBACK_WEBHOOK_URL: url(['http:', 'https:']),
  GITHUB_TOKEN: optionalText,
  GITHUB_REPO: githubRepo,
  GITHUB_API_URL: url(['http:', 'https:']).transform((v) => v ?? 'https://api.github.com'),
  // Request limits (src/security/query-cost.ts): checked before anything runs.
  GRAPHQL_MAX_DEPTH: int(10, 2, 100),
  GRAPHQL_MAX_ALIASES: int(30, 0, 10000),
  GRAPHQL_MAX_COST: int(200000, 100, 100000000),
  GRAPHQL_MAX_LIST_SIZE: int(500, 1, 100000),
  GRAPHQL_MAX_TOKENS: int(10000, 100, 1000000),
  GRAPHQL_INTROSPECTION: z
    .enum(['true', 'false', '1', '0', 'yes', 'no'], { message: 'expected true or false' })
    .optional()
    .transform((v) => (v === undefined ? undefined : v === 'true' || v === '1' || v === 'yes')),
  MAX_BODY_BYTES: z
    .string()
    .optional()
    .refine((v) => v === undefined || (/^\d+$/.test(v.trim()) && Number(v) >= 1024 && Number(v) <= 1024 ** 3), { message: 'expected a whole number of bytes from 1024 to 1073741824' })
    .transform((v) => (v === undefined ? undefined : Number(v))),
  SIGNING_KEYS_MASTER_KEY: optionalText.refine((v) => v === undefined || v.length >= 32, { message: 'expected at least 32 characters (64 hex characters are used as the raw AES-256 key)' }),
  SIGNING_KEY_ROTATION_CRON: cron('0 0 1 * *'),
  AUDIT_HMAC_KEY: optionalText.refine((v) => v === undefined || v.length >= 32, { message: 'expected at least 32 characters' }),
  AUDIT_ANCHOR_FILE: optionalText,
  AUDIT_ANCHOR_CRON: cron('*/15 * * * *'),
  SCAN_CRON: cron('0 1 * * *'),
  SCAN_ROOT: optionalText,
  CORS_ORIGINS: optionalText
    .transform((v) => (v === undefined ? [] : v.split(',').map((o) => o.trim()).filter(Boolean)))
    .refine((list) => list.every((o) => o === '*' || /^https?:\/\/[^/\s]+$/.test(o)), { message: 'expected a comma-separated list of origins such as https://console.example.com' }),
});

export type AppConfig = z.infer<typeof configSchema>;

export class ConfigError extends Error {}

/**
 * Parses the environment into a typed config. On failure the error message is one line per
 * bad variable, naming it and saying what is expected (the process prints it and exits).
 */
export function parseConfig(env: Record<string, string | undefined>): AppConfig {
  const result = configSchema.safeParse(env);
  if (result.success) {
    const config = result.data;
    if (config.DATABASE_URL && config.NODE_ENV === 'production' && !config.JWT_SECRET) {
      throw new ConfigError('JWT_SECRET: required in production (at least 32 characters)');
    }
    if (config.DATABASE_URL && config.NODE_ENV === 'production' && !config.AUDIT_HMAC_KEY) {
      // Every process that writes the audit log (API, workers, CLI) must hold the same key.
      throw new ConfigError('AUDIT_HMAC_KEY: required in production (at least 32 characters, the same in every process)');
    }
    return config;
  }
  const lines = result.error.issues.map((issue) => `${issue.path.join('.') || '(env)'}: ${issue.message}`);
  throw new ConfigError(lines.join('\n'));
}

/** The body-size limit: MAX_BODY_BYTES, or 1 KiB per row of the largest bulk mutation (MAX_BATCH_ROWS), at least 1 MiB. */
export function maxBodyBytes(config: AppConfig): number {
  return config.MAX_BODY_BYTES ?? Math.max(1024 * 1024, config.MAX_BATCH_ROWS * 1024);
}

/** Introspection: GRAPHQL_INTROSPECTION, or on everywhere but production — and then only for a signed-in user (security/introspection-auth.plugin.ts). */
export function introspectionEnabled(config: AppConfig): boolean {
  return config.GRAPHQL_INTROSPECTION ?? config.NODE_ENV !== 'production';
}
