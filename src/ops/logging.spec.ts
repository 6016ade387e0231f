import { Writable } from 'node:stream';
import { createRootLogger, prettyStream, withLogContext } from './logging';

function memory(): { stream: Writable; lines: () => Record<string, unknown>[] } {
  const chunks: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _e, cb) {
      chunks.push(chunk.toString('utf8'));
      cb();
    },
  });
  return { stream, lines: () => chunks.join('').split('\n').filter(Boolean).map((l) => JSON.parse(l)) };
}

describe('the root logger', () => {
  it('writes JSON lines at LOG_LEVEL and above (log → info)', () => {
    const out = memory();
    const logger = createRootLogger({ level: 'log', format: 'json' }, out.stream);
    logger.debug('hidden');
    logger.info({ context: 'Test' }, 'shown');
    expect(out.lines()).toEqual([expect.objectContaining({ level: 30, msg: 'shown', context: 'Test', service: 'neuronexus' })]);
  });

  it('redacts authorization headers, passwords and secrets by path, and tokens inside messages', () => {
    const out = memory();
    const logger = createRootLogger({ level: 'log', format: 'json' }, out.stream);
    logger.info({ req: { headers: { authorization: 'Bearer abc.def.ghi', host: 'x' } }, input: { username: 'ann', password: 'hunter2' }, config: { JWT_SECRET: 's', SMTP_PASSWORD: 'p' } }, 'login failed for token eyJhbGciOiJIUzI1NiJ9.eyJzdWIiOiIxIn0.sig_nature-x');
    const [line] = out.lines() as any[];
    expect(line.req.headers).toEqual({ authorization: '[redacted]', host: 'x' });
    expect(line.input).toEqual({ username: 'ann', password: '[redacted]' });
    expect(line.config).toEqual({ JWT_SECRET: '[redacted]', SMTP_PASSWORD: '[redacted]' });
    expect(line.msg).toBe('login failed for token [redacted]');
    expect(JSON.stringify(line)).not.toMatch(/hunter2|eyJhbGci/);
  });

  it('binds run id and SKU to every line written inside withLogContext, however deep', async () => {
    const out = memory();
    createRootLogger({ level: 'log', format: 'json' }, out.stream);
    const { storage } = await import('nestjs-pino/storage.js');
    await withLogContext({ runId: 'r1', sku: 'A-1' }, async () => {
      await new Promise((r) => setTimeout(r, 1));
      storage.getStore()!.logger.info('forecast written');
    });
    expect(out.lines()[0]).toMatchObject({ runId: 'r1', sku: 'A-1', msg: 'forecast written' });
  });

  it('writes readable lines with LOG_FORMAT=pretty', async () => {
    const chunks: string[] = [];
    const target = new Writable({ write: (c: Buffer, _e, cb) => (chunks.push(c.toString()), cb()) });
    const logger = createRootLogger({ level: 'log', format: 'pretty' }, prettyStream(target));
    logger.warn({ context: 'Guard', runId: 'r9' }, 'slow');
    await new Promise((r) => setImmediate(r));
    expect(chunks.join('')).toMatch(/^\d\d:\d\d:\d\d\.\d{3} WARN  \[Guard\] slow {2}runId=r9\n$/);
  });
});
