/**
 * The soak bench's worker process: a real worker runtime (BullMQ on Redis) whose clock the bench
 * sets over IPC each night (`{ clock: ISO }` → `{ ack }`), and which reports its memory when asked
 * (`{ memory: true }` → `{ memory: { rss, heapUsed, … } }`, after a full GC when run with --expose-gc):
 * process.memoryUsage() of the main thread, and from /proc/self the resident anonymous and file
 * memory, the threads, and the resident part of WebAssembly memories (V8 reserves ≥ 8 GiB of
 * address space per wasm memory, so mappings that large are theirs: the augurs models on the
 * forecast threads); and V8's malloced memory (compiler zones and the like, outside the heap).
 */
import { readFileSync } from 'node:fs';
import { getHeapStatistics } from 'node:v8';
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
      const v8Heap = getHeapStatistics();
      process.send!({ memory: { ...process.memoryUsage(), ...procMemory(), v8Malloced: v8Heap.malloced_memory, v8PeakMalloced: v8Heap.peak_malloced_memory } });
    } else if (message.stop) void runtime.close().then(() => process.exit(0));
  });
  process.send!({ ready: true });
}

/**
 * Bytes from /proc/self: resident anonymous and file-backed memory, threads, and the resident
 * part of wasm memories. V8 reserves each wasm memory as one large range (≥ 4 GiB here) and makes
 * the pages in use accessible, which splits off the front of the range as its own mapping: a
 * memory is a large mapping plus the mapping that ends where it starts.
 */
function procMemory(): { rssAnon: number; rssFile: number; threads: number; wasmRss: number; wasmMemories: number } {
  const status = readFileSync('/proc/self/status', 'utf8');
  const kb = (key: string) => Number(new RegExp(`^${key}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0) * 1024;
  const maps: { start: number; end: number; rss: number }[] = [];
  for (const line of readFileSync('/proc/self/smaps', 'utf8').split('\n')) {
    const range = /^([0-9a-f]+)-([0-9a-f]+) /.exec(line);
    if (range) maps.push({ start: parseInt(range[1], 16), end: parseInt(range[2], 16), rss: 0 });
    else if (line.startsWith('Rss:')) maps[maps.length - 1].rss = Number(/(\d+)/.exec(line)![1]) * 1024;
  }
  let wasmRss = 0;
  let wasmMemories = 0;
  maps.forEach((m, i) => {
    if (m.end - m.start < 4 * 1024 ** 3) return;
    wasmMemories++;
    wasmRss += m.rss + (i > 0 && maps[i - 1].end === m.start ? maps[i - 1].rss : 0);
  });
  return { rssAnon: kb('RssAnon'), rssFile: kb('RssFile'), threads: kb('Threads') / 1024, wasmRss, wasmMemories };
}

void main();
