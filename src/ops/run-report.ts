/**
 * The daily report after a forecast run, as text for e-mail and as a Slack message. Pure.
 */
export interface RunStatistics {
  runId: string;
  runKey: string;
  rolloutPhase: string;
  processed: number;
  succeeded: number;
  insufficientHistory: number;
  failed: number;
  urgent: number;
  high: number;
  purchaseOrders: number;
  durationMs: number;
}

export interface ReportLine {
  sku: string;
  name: string;
  recommendedQty: string;
  daysToStockout: number | null;
}

/** The newest audit anchor (audit/chain.ts AuditAnchor without its signature): where the log stood, for the record outside the database. */
export interface ReportAnchor {
  seq: number;
  hash: string;
  entries: number;
  createdAt: string;
}

export function anchorLine(anchor: ReportAnchor | undefined): string {
  return anchor ? `Audit anchor: entry ${anchor.seq} (${anchor.entries} entries), hash ${anchor.hash}, anchored ${anchor.createdAt}.` : 'Audit anchor: none yet.';
}

export interface RunReport {
  subject: string;
  text: string;
  slack: { text: string; blocks: unknown[] };
}

const MAX_LINES = 25;

function lines(title: string, list: readonly ReportLine[]): string[] {
  if (list.length === 0) return [`${title}: none`];
  const out = [`${title} (${list.length}):`];
  for (const l of list.slice(0, MAX_LINES)) {
    const days = l.daysToStockout === null ? 'n/a' : `${l.daysToStockout.toFixed(1)} days to stockout`;
    out.push(`  - ${l.sku} ${l.name}: order ${l.recommendedQty} (${days})`);
  }
  if (list.length > MAX_LINES) out.push(`  … and ${list.length - MAX_LINES} more`);
  return out;
}

export function formatRunReport(stats: RunStatistics, urgent: readonly ReportLine[], high: readonly ReportLine[], frontendUrl?: string, anchor?: ReportAnchor): RunReport {
  const seconds = (stats.durationMs / 1000).toFixed(1);
  const subject = `NeuroNexus ${stats.runKey}: ${stats.urgent} urgent, ${stats.high} high-priority reorders`;
  const summary = [
    `Run ${stats.runKey} (${stats.rolloutPhase}) finished in ${seconds} s.`,
    `SKUs processed: ${stats.processed}; forecasts generated: ${stats.succeeded}; insufficient history: ${stats.insufficientHistory}; errors: ${stats.failed}.`,
    `Purchase-order drafts: ${stats.purchaseOrders}.`,
  ];
  const link = frontendUrl ? `Review and approve: ${frontendUrl.replace(/\/$/, '')}/runs/${stats.runId}` : undefined;
  const audit = anchorLine(anchor);
  const text = [...summary, '', ...lines('Urgent', urgent), '', ...lines('High priority', high), ...(link ? ['', link] : []), '', audit].join('\n');
  const slackText = `${subject}\n${summary.join(' ')}${link ? `\n${link}` : ''}\n${audit}`;
  return {
    subject,
    text,
    slack: {
      text: slackText,
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: subject.slice(0, 150) } },
        { type: 'section', text: { type: 'mrkdwn', text: summary.join('\n') } },
        { type: 'section', text: { type: 'mrkdwn', text: ['*Urgent*', ...lines('Urgent', urgent).slice(1)].join('\n').slice(0, 2900) || 'none' } },
        ...(link ? [{ type: 'section', text: { type: 'mrkdwn', text: `<${link}|Review and approve>` } }] : []),
        { type: 'context', elements: [{ type: 'plain_text', text: audit }] },
      ],
    },
  };
}

/** An alert (a failed or stuck run, an incident) in the same three shapes as the report. Pure. */
export function formatAlert(subject: string, details: readonly string[]): RunReport {
  const text = details.join('\n');
  return {
    subject: `NeuroNexus ALERT: ${subject}`,
    text,
    slack: {
      text: `:rotating_light: NeuroNexus ALERT: ${subject}\n${text}`.slice(0, 3000),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: `ALERT: ${subject}`.slice(0, 150) } },
        { type: 'section', text: { type: 'mrkdwn', text: (text || subject).slice(0, 2900) } },
      ],
    },
  };
}

/**
 * A notice: something worth a look that is not (yet) an outage — an anomaly. Same shapes as an
 * alert, marked as a notice so people (and filters) tell it from an ALERT.
 */
export function formatNotice(subject: string, details: readonly string[]): RunReport {
  const text = details.join('\n');
  return {
    subject: `NeuroNexus notice: ${subject}`,
    text,
    slack: {
      text: `:warning: NeuroNexus notice: ${subject}\n${text}`.slice(0, 3000),
      blocks: [
        { type: 'header', text: { type: 'plain_text', text: `Notice: ${subject}`.slice(0, 150) } },
        { type: 'section', text: { type: 'mrkdwn', text: (text || subject).slice(0, 2900) } },
      ],
    },
  };
}
