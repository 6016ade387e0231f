import { formatNotice, formatRunReport, RunStatistics } from './run-report';

const stats: RunStatistics = { runId: 'r1', runKey: 'daily-2026-11-28', rolloutPhase: 'draft', processed: 10, succeeded: 8, insufficientHistory: 1, failed: 1, urgent: 1, high: 2, purchaseOrders: 3, durationMs: 1234 };

describe('formatRunReport', () => {
  it('states the counts, the urgent and high lists and the link', () => {
    const report = formatRunReport(stats, [{ sku: 'S1', name: 'Bolt', recommendedQty: '40', daysToStockout: 2.04 }], [{ sku: 'S2', name: 'Nut', recommendedQty: '5', daysToStockout: 9 }], 'https://app.test/');
    expect(report.subject).toBe('NeuroNexus daily-2026-11-28: 1 urgent, 2 high-priority reorders');
    expect(report.text).toContain('SKUs processed: 10; forecasts generated: 8; insufficient history: 1; errors: 1.');
    expect(report.text).toContain('finished in 1.2 s');
    expect(report.text).toContain('  - S1 Bolt: order 40 (2.0 days to stockout)');
    expect(report.text).toContain('High priority (1):');
    expect(report.text).toContain('https://app.test/runs/r1');
    expect(report.slack.text).toContain('https://app.test/runs/r1');
  });

  it('says none for empty lists and leaves out the link without a frontend URL', () => {
    const report = formatRunReport(stats, [], [], undefined);
    expect(report.text).toContain('Urgent: none');
    expect(report.text).not.toContain('Review and approve');
  });

  it('carries the newest audit anchor (entry, count, hash, time) in the mail and in Slack, or says there is none', () => {
    const anchor = { seq: 42, hash: 'ab'.repeat(32), entries: 40, createdAt: '2026-11-28T02:00:00.000Z' };
    const report = formatRunReport(stats, [], [], undefined, anchor);
    const line = `Audit anchor: entry 42 (40 entries), hash ${'ab'.repeat(32)}, anchored 2026-11-28T02:00:00.000Z.`;
    expect(report.text.split('\n').at(-1)).toBe(line);
    expect(report.slack.text).toContain(line);
    expect(JSON.stringify(report.slack.blocks)).toContain(line);
    expect(formatRunReport(stats, [], []).text).toContain('Audit anchor: none yet.');
  });
});

describe('formatNotice', () => {
  it('marks an anomaly as a notice, not an ALERT', () => {
    const notice = formatNotice('anomaly: graphql Items slow', ['last 10 took 900 ms']);
    expect(notice.subject).toBe('NeuroNexus notice: anomaly: graphql Items slow');
    expect(notice.slack.text).toBe(':warning: NeuroNexus notice: anomaly: graphql Items slow\nlast 10 took 900 ms');
    expect(notice.subject).not.toContain('ALERT');
  });
});
