import { ConfigError, parseConfig } from './config.schema';

describe('parseConfig', () => {
  it('gives the documented defaults for an empty environment', () => {
    const config = parseConfig({});
    expect(config.PORT).toBe(3000);
    expect(config.DATABASE_URL).toBeUndefined();
    expect(config.REDIS_URL).toBeUndefined();
    expect(config.DATA_DIR).toBe('./.data');
    expect(config.ROLLOUT_PHASE).toBe('draft');
    expect(config.FORECAST_CRON).toBe('0 2 * * *');
    expect(config.SCHEDULER_ENABLED).toBe(true);
    expect(config.SERVICE_LEVEL_A).toBe(0.99);
    expect(config.MAX_BATCH_ROWS).toBe(10000);
  });

  it('reads typed values', () => {
    const config = parseConfig({ PORT: '8080', SCHEDULER_ENABLED: 'false', DATABASE_URL: 'postgres://u@h:5432/db', SERVICE_LEVEL_B: '0.97' });
    expect(config.PORT).toBe(8080);
    expect(config.SCHEDULER_ENABLED).toBe(false);
    expect(config.DATABASE_URL).toBe('postgres://u@h:5432/db');
    expect(config.SERVICE_LEVEL_B).toBe(0.97);
  });

  it('treats an empty string as not set', () => {
    expect(parseConfig({ REDIS_URL: '' }).REDIS_URL).toBeUndefined();
  });

  it('names the variable and what is expected for a malformed value', () => {
    expect(() => parseConfig({ PORT: 'eighty' })).toThrow('PORT: expected a whole number from 0 to 65535');
    expect(() => parseConfig({ DATABASE_URL: 'mysql://x' })).toThrow(/DATABASE_URL: expected a URL starting with postgres:\/\//);
    expect(() => parseConfig({ ROLLOUT_PHASE: 'yolo' })).toThrow('ROLLOUT_PHASE: expected shadow, notify, draft or auto');
    expect(() => parseConfig({ SERVICE_LEVEL_A: '99' })).toThrow('SERVICE_LEVEL_A: expected a number between 0 and 1');
    expect(() => parseConfig({ JWT_SECRET: 'short' })).toThrow('JWT_SECRET: expected at least 32 characters');
    expect(() => parseConfig({ FORECAST_CRON: 'every night' })).toThrow('FORECAST_CRON: expected a cron expression');
  });

  it('reports every bad variable, one line each', () => {
    try {
      parseConfig({ PORT: 'x', SCHEDULER_ENABLED: 'maybe' });
      throw new Error('should have thrown');
    } catch (error) {
      expect(error).toBeInstanceOf(ConfigError);
      const lines = (error as Error).message.split('\n');
      expect(lines).toHaveLength(2);
      expect(lines.some((l) => l.startsWith('SCHEDULER_ENABLED:'))).toBe(true);
    }
  });

  it('requires a JWT secret in production on PostgreSQL', () => {
    expect(() => parseConfig({ NODE_ENV: 'production', DATABASE_URL: 'postgres://h/db' })).toThrow('JWT_SECRET: required in production');
  });
});
