import type { RunReport } from './run-report';

/**
 * An alert (incident, anomaly) as the same three shapes the run report has: e-mail subject,
 * e-mail text and a Slack message. Pure.
 */
export function formatAlert(subject: string, lines: readonly string[]): RunReport {
  const text = lines.join('\n');
  return {
    subject: `[NeuroNexus] ${subject}`,
    text,
    slack: {
      text: `:rotating_light: ${subject}\n${text}`.slice(0, 3000),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: subject.slice(0, 150) } },
        { type: 'section', text: { type: 'mrkdwn', text: text.slice(0, 2900) || ' ' } },
      ],
    },
  };
}
