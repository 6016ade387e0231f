/**
 * LOG_FORMAT=pretty: one pino JSON record → one readable line for a person at a terminal
 * (`06:00:01.234 WARN  [PipelineService] run r1 … reqId=… runId=…`). A few lines instead of
 * pino-pretty and its dependencies. Pure.
 */
const LEVELS: Record<number, string> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const OMIT = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'context', 'service', 'err', 'req', 'res']);

export function formatPrettyLine(record: Record<string, unknown>): string {
  const time = typeof record.time === 'number' ? new Date(record.time).toISOString().slice(11, 23) : '';
  const level = (LEVELS[record.level as number] ?? String(record.level)).padEnd(5);
  const context = record.context ? `[${String(record.context)}] ` : '';
  const extras = Object.entries(record)
    .filter(([k, v]) => !OMIT.has(k) && v !== undefined)
    .map(([k, v]) => `${k}=${typeof v === 'string' ? v : JSON.stringify(v)}`);
  const req = record.req as { method?: string; url?: string } | undefined;
  const res = record.res as { statusCode?: number } | undefined;
  if (req?.method) extras.unshift(`${req.method} ${req.url ?? ''}${res?.statusCode ? ` → ${res.statusCode}` : ''}`);
  const err = record.err as { stack?: string; message?: string } | undefined;
  const line = `${time} ${level} ${context}${String(record.msg ?? '')}${extras.length ? `  ${extras.join(' ')}` : ''}`;
  return err ? `${line}\n${err.stack ?? err.message ?? ''}` : line;
}
