import { ConcurrencyGate, GateFullError } from './concurrency-gate';

function deferred() {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('ConcurrencyGate', () => {
  it('runs at most `limit` tasks at once, queues `queue` more and refuses the rest', async () => {
    const gate = new ConcurrencyGate(1, 1);
    const first = deferred();
    const order: string[] = [];
    const a = gate.run(async () => {
      order.push('a start');
      await first.promise;
      order.push('a end');
      return 'a';
    });
    const b = gate.run(async () => {
      order.push('b start');
      return 'b';
    });
    expect(gate.active).toBe(1);
    expect(gate.queued).toBe(1);
    await expect(gate.run(async () => 'c')).rejects.toBeInstanceOf(GateFullError);
    first.resolve();
    expect(await a).toBe('a');
    expect(await b).toBe('b');
    expect(order).toEqual(['a start', 'a end', 'b start']);
    expect(gate.active).toBe(0);
    expect(gate.queued).toBe(0);
  });

  it('frees the slot when a task fails', async () => {
    const gate = new ConcurrencyGate(1, 0);
    await expect(gate.run(async () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
    expect(gate.active).toBe(0);
    expect(await gate.run(async () => 2)).toBe(2);
  });

  it('refuses a limit below 1', () => {
    expect(() => new ConcurrencyGate(0, 1)).toThrow('limit');
  });
});
