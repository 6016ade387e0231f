/**
 * The soak bench's worker process: a real worker runtime (BullMQ on Redis) whose clock the bench
 * sets over IPC each night (`{ clock: ISO }` → `{ ack }`), and which reports its memory when asked
 * (`{ memory: true }` → `{ memory: { rss, heapUsed } }`, after a full GC when run with --expose-gc).
 */
import 'reflect-metadata';
import { createRuntime } from '../../src/bootstrap';
import { SettableClock } from '../../src/clock/clock';
import { parseConfig } from '../../src/config/config.schema';

async function main() {
  const clock = new SettableClock(process.env.SOAK_CLOCK ?? new Date().toISOString());
  const runtime = await createRuntime(parseConfig(process.env), { role: 'worker', clock });
  process.on('message', (message: { clock?: string; memory?: boolean; stop?: boolean }) => {
    if (message.clock) {
      clock.set(message.clock);
      process.send!({ ack: message.clock });
    } else if (message.memory) {
      global.gc?.();
      const { rss, heapUsed } = process.memoryUsage();
      process.send!({ memory: { rss, heapUsed } });
    } else if (message.stop) void runtime.close().then(() => process.exit(0));
  });
  process.send!({ ready: true });
}

void main();
