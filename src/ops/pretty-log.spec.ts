import { formatPrettyLine } from './pretty-log';

describe('formatPrettyLine', () => {
  it('prints time, level, context, message and the bound fields', () => {
    const line = formatPrettyLine({ level: 40, time: Date.UTC(2026, 11, 2, 6, 0, 1, 234), pid: 1, hostname: 'h', context: 'PipelineService', msg: 'SKU failed', runId: 'r1', sku: 'A-1', attempt: 3 });
    expect(line).toBe('06:00:01.234 WARN  [PipelineService] SKU failed  runId=r1 sku=A-1 attempt=3');
  });

  it('shows the request line and the stack of an error', () => {
    const line = formatPrettyLine({ level: 50, time: 0, msg: 'request errored', reqId: 'abc', req: { method: 'POST', url: '/graphql' }, res: { statusCode: 500 }, err: { message: 'boom', stack: 'Error: boom\n    at x' } });
    expect(line).toBe('00:00:00.000 ERROR request errored  POST /graphql → 500 reqId=abc\nError: boom\n    at x');
  });
});
