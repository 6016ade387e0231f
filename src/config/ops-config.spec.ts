import { parseConfig } from './config.schema';

describe('ops configuration', () => {
  it('has the documented defaults', () => {
    const c = parseConfig({});
    expect([c.LOG_FORMAT, c.GUARD_INTERVAL, c.GUARD_TIMEOUT, c.ROLLBACK_TIMEOUT, c.RUN_WATCH_CRON, c.ANOMALY_COOLDOWN_SECONDS, c.METRICS_PORT]).toEqual(['auto', 30, 10, 300, '0 6 * * *', 900, 0]);
    expect([c.HEALTH_RUN_MAX_AGE_HOURS, c.HEALTH_MODEL_MAX_AGE_DAYS, c.HEALTH_EVENT_LOOP_MAX_MS, c.HEALTH_QUEUE_MAX_BACKLOG, c.HEALTH_QUEUE_MAX_FAILED]).toEqual([26, 14, 1000, 50000, 100]);
    expect(c.GITHUB_API_URL).toBe('https://api.github.com');
    expect(c.HEALTH_URL).toBeUndefined();
  });

  it('takes the guard interval in seconds, fractions included', () => {
    expect(parseConfig({ GUARD_INTERVAL: '0.5' }).GUARD_INTERVAL).toBe(0.5);
    expect(() => parseConfig({ GUARD_INTERVAL: '5m' })).toThrow('GUARD_INTERVAL: expected a number of seconds from 0.1 to 86400');
  });

  it('names a bad GitHub repository, log format or health URL', () => {
    expect(() => parseConfig({ GITHUB_REPO: 'just-a-name' })).toThrow('GITHUB_REPO: expected owner/name');
    expect(() => parseConfig({ LOG_FORMAT: 'xml' })).toThrow('LOG_FORMAT: expected auto, json or pretty');
    expect(() => parseConfig({ HEALTH_URL: 'ftp://x' })).toThrow('HEALTH_URL: expected a URL starting with http:// or https://');
  });
});
