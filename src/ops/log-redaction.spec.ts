import { scrubSecrets } from './log-redaction';

describe('scrubSecrets', () => {
  it('removes JWTs and bearer credentials from a message', () => {
    const jwt = 'eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxMjMifQ.abcdefghijklmnop_-';
    expect(scrubSecrets(`bad token ${jwt} from 10.0.0.1`)).toBe('bad token [redacted] from 10.0.0.1');
    expect(scrubSecrets('authorization: Bearer abcdefgh12345678')).toBe('authorization: Bearer [redacted]');
  });

  it('keeps the user but not the password of a connection URL', () => {
    expect(scrubSecrets('connect postgres://app:s3cr3t@db:5432/nn failed')).toBe('connect postgres://app:[redacted]@db:5432/nn failed');
    expect(scrubSecrets('redis://127.0.0.1:6379 down')).toBe('redis://127.0.0.1:6379 down');
  });

  it('removes GitHub tokens', () => {
    expect(scrubSecrets('GITHUB_TOKEN=ghp_abcdefghijklmnopqrstuvwxyz0123 set')).toBe('GITHUB_TOKEN=[redacted] set');
  });

  it('leaves ordinary text alone', () => {
    const text = 'run daily-2026-12-02 completed: 500/500 forecasts, 0 failed';
    expect(scrubSecrets(text)).toBe(text);
  });
});
