import { ReadCache } from './read-cache';
import { SqlTables } from './sql-tables';

describe('ReadCache', () => {
  const online = () => {
    const cache = new ReadCache<string>(10, 1000);
    cache.setOnline(true);
    return cache;
  };

  it('serves a stored result until a table it read changes; other tables do not matter', () => {
    const cache = online();
    const s = cache.snapshot();
    expect(cache.set('k', 'page 1', s, ['inventory_items', 'suppliers'], 0)).toBe(true);
    expect(cache.get('k', 1)).toBe('page 1');
    cache.invalidate('forecasts');
    expect(cache.get('k', 2)).toBe('page 1');
    cache.invalidate('suppliers');
    expect(cache.get('k', 3)).toBeUndefined();
    expect(cache.stats).toMatchObject({ hits: 2, misses: 1, stored: 1 });
  });

  it('refuses a result whose tables changed while its request ran (it may be old)', () => {
    const cache = online();
    const s = cache.snapshot();
    cache.invalidate('inventory_items'); // a commit heard after the request took its snapshot
    expect(cache.set('k', 'maybe old', s, ['inventory_items'], 0)).toBe(false);
    expect(cache.get('k', 0)).toBeUndefined();
    // the same change does not matter to a result that did not read the table
    expect(cache.set('k2', 'suppliers only', s, ['suppliers'], 0)).toBe(true);
  });

  it('expires entries after the ttl, and invalidateAll drops everything', () => {
    const cache = online();
    cache.set('a', 'x', cache.snapshot(), [], 0);
    expect(cache.get('a', 999)).toBe('x');
    expect(cache.get('a', 1000)).toBeUndefined();
    cache.set('b', 'y', cache.snapshot(), [], 0);
    cache.invalidateAll();
    expect(cache.get('b', 1)).toBeUndefined();
  });

  it('serves and stores nothing while offline, and forgets everything on going offline or online', () => {
    const cache = new ReadCache<string>(10, 1000);
    expect(cache.set('a', 'x', cache.snapshot(), [], 0)).toBe(false);
    cache.setOnline(true);
    const s = cache.snapshot();
    cache.set('a', 'x', s, [], 0);
    cache.setOnline(false);
    expect(cache.get('a', 0)).toBeUndefined();
    cache.setOnline(true);
    expect(cache.get('a', 0)).toBeUndefined();
    // a request that started before the outage cannot file its result after it
    expect(cache.set('a', 'x', s, [], 0)).toBe(false);
  });

  it('keeps at most its capacity (least recently used goes first)', () => {
    const cache = new ReadCache<number>(2, 1000);
    cache.setOnline(true);
    for (const k of ['a', 'b']) cache.set(k, 1, cache.snapshot(), [], 0);
    cache.get('a', 0);
    cache.set('c', 1, cache.snapshot(), [], 0);
    expect(cache.get('b', 0)).toBeUndefined();
    expect(cache.get('a', 0)).toBe(1);
  });

  it('lets identical requests wait for one execution, and share it only when nothing it read changed before they came', async () => {
    const cache = online();
    const leaderSnapshot = cache.snapshot();
    const finish = cache.lead('k', leaderSnapshot);
    const early = cache.snapshot();
    const waitEarly = cache.join('k')!;
    cache.invalidate('inventory_items');
    const late = cache.snapshot();
    const waitLate = cache.join('k')!;
    finish({ value: 'page', tables: ['inventory_items'] });
    const [a, b] = await Promise.all([waitEarly, waitLate]);
    expect(a?.value).toBe('page');
    expect(cache.shareable(a!, early)).toBe(true);
    expect(cache.shareable(b!, late)).toBe(false); // came after a change the page read: executes itself
    expect(cache.join('k')).toBeUndefined(); // the flight is over
  });

  it('a failed execution hands nothing to those who waited', async () => {
    const cache = online();
    const finish = cache.lead('k', cache.snapshot());
    const waiting = cache.join('k')!;
    finish(undefined);
    await expect(waiting).resolves.toBeUndefined();
  });
});

describe('SqlTables', () => {
  const tables = new SqlTables(['inventory_items', 'suppliers', 'usage_daily', 'usage_daily_x', 'users']);

  it('finds the known tables named as whole words, case-insensitively', () => {
    expect(tables.of('SELECT i.* FROM inventory_items i LEFT JOIN Suppliers s ON s.id = i.supplier_id')).toEqual(['inventory_items', 'suppliers']);
    expect(tables.of('SELECT 1 FROM usage_daily_x')).toEqual(['usage_daily_x']);
    expect(tables.of('SELECT users_count, supplier_id FROM t')).toEqual([]);
    expect(tables.of('UPDATE "usage_daily" SET q = 1')).toEqual(['usage_daily']);
  });
});
