/**
 * At most `limit` tasks at once, at most `queue` more waiting; a task beyond that is refused at
 * once (`GateFullError`) instead of piling up. Plain: no Nest, no clock. Used to keep CPU-heavy
 * work that runs off the event loop (password hashing on libuv's thread pool) from taking every
 * core while requests keep arriving: the rest waits its turn or is told to come back.
 */
export class GateFullError extends Error {
  constructor() {
    super('too many tasks waiting');
  }
}

export class ConcurrencyGate {
  private running = 0;
  private readonly waiting: (() => void)[] = [];

  constructor(
    readonly limit: number,
    readonly queue: number,
  ) {
    if (!(limit >= 1) || !(queue >= 0)) throw new Error('ConcurrencyGate: limit must be at least 1 and queue at least 0');
  }

  get active(): number {
    return this.running;
  }

  get queued(): number {
    return this.waiting.length;
  }

  async run<T>(task: () => Promise<T>): Promise<T> {
    if (this.running >= this.limit) {
      if (this.waiting.length >= this.queue) throw new GateFullError();
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    } else this.running += 1;
    try {
      return await task();
    } finally {
      // Hand the slot straight to the next waiter (running stays the same), or free it.
      const next = this.waiting.shift();
      if (next) next();
      else this.running -= 1;
    }
  }
}
