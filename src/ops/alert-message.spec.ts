import { formatAlert } from './alert-message';

describe('formatAlert', () => {
  it('prefixes the subject and carries the lines to e-mail and Slack', () => {
    const alert = formatAlert('health check failing: http://api/health', ['3 failures', 'rollback: exit 0']);
    expect(alert.subject).toBe('[NeuroNexus] health check failing: http://api/health');
    expect(alert.text).toBe('3 failures\nrollback: exit 0');
    expect(alert.slack.text).toBe(':rotating_light: health check failing: http://api/health\n3 failures\nrollback: exit 0');
    expect(alert.slack.blocks).toHaveLength(2);
  });
});
