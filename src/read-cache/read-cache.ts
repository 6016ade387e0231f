import { LruCache } from '../common/lru-cache';

/**
 * A cache of finished read results, invalidated by table changes (plain: no Nest, no clock of its own).
 *
 * Every table has a version; `invalidate(table)` bumps it (the API hears PostgreSQL's
 * `nn_table_changes` notifications, sent by statement-level triggers at commit) and
 * `invalidateAll()` bumps an epoch that every entry carries. An entry is kept with the versions of
 * the tables it read as they were when its request STARTED (a `Snapshot` taken before any SQL ran),
 * so a change that commits while the request is running always invalidates what it stores: the entry
 * can be new data filed under old versions (a wasted entry), never old data under new versions.
 *
 * While `online` is false (the notification listener is down or not yet listening), nothing is
 * served or stored: without notifications there is no way to know an entry is still true.
 * Entries also expire after `ttlMs` whatever happens (a bound on anything missed).
 *
 * Identical requests running at once share one execution (`join` / `lead`): the first one
 * executes, later ones with the same key and the same snapshot wait for its result instead of
 * executing again. A request that arrives after a change has a newer snapshot and does not join.
 */
export interface Snapshot {
  readonly epoch: number;
  /** Versions of every table known when taken (tables never changed are version 0). */
  readonly versions: ReadonlyMap<string, number>;
}

interface Entry<T> {
  readonly value: T;
  readonly epoch: number;
  /** The tables the result was read from, with their versions in the request's snapshot. */
  readonly tables: readonly (readonly [string, number])[];
  readonly expiresAt: number;
}

/** A result handed from the request that executed it to identical requests that waited for it. */
export interface Shared<T> {
  readonly value: T;
  readonly tables: readonly string[];
  readonly snapshot: Snapshot;
}

interface Flight<T> {
  readonly result: Promise<Shared<T> | undefined>;
}

export interface ReadCacheStats {
  hits: number;
  /** Not found (or no longer true) in the cache; each is executed unless it joins (below). */
  misses: number;
  /** Misses answered by an identical request's execution they waited for. */
  joined: number;
  /** Hits answered before Apollo (read-cache.middleware.ts); the rest went through Apollo's pipeline. */
  early: number;
  stored: number;
  invalidations: number;
}

export class ReadCache<T> {
  private readonly entries: LruCache<string, Entry<T>>;
  private readonly versions = new Map<string, number>();
  private readonly flights = new Map<string, Flight<T>>();
  private epoch = 0;
  private isOnline = false;
  readonly stats: ReadCacheStats = { hits: 0, misses: 0, joined: 0, early: 0, stored: 0, invalidations: 0 };

  constructor(
    capacity: number,
    private readonly ttlMs: number,
  ) {
    this.entries = new LruCache(capacity);
  }

  get online(): boolean {
    return this.isOnline;
  }

  /** Going online or offline forgets everything: whatever happened while offline was not heard. */
  setOnline(online: boolean): void {
    if (online !== this.isOnline) this.invalidateAll();
    this.isOnline = online;
  }

  invalidate(table: string): void {
    this.versions.set(table, (this.versions.get(table) ?? 0) + 1);
    this.stats.invalidations++;
  }

  invalidateAll(): void {
    this.epoch++;
    this.stats.invalidations++;
  }

  snapshot(): Snapshot {
    return { epoch: this.epoch, versions: new Map(this.versions) };
  }

  /** Whether nothing the snapshot saw has changed since for these tables (and nothing at all, epoch-wise). */
  private stillTrue(snapshot: Snapshot, tables: Iterable<string>): boolean {
    if (snapshot.epoch !== this.epoch) return false;
    for (const table of tables) if ((snapshot.versions.get(table) ?? 0) !== (this.versions.get(table) ?? 0)) return false;
    return true;
  }

  /** The stored result for a key, if still true at `now` (counted as a hit or a miss). */
  get(key: string, now: number): T | undefined {
    const value = this.lookup(key, now);
    if (value === undefined) this.stats.misses++;
    else this.stats.hits++;
    return value;
  }

  /** The same without counting (a first look that falls back to `get` when it finds nothing). */
  lookup(key: string, now: number): T | undefined {
    if (!this.isOnline) return undefined;
    const entry = this.entries.get(key);
    if (entry && entry.epoch === this.epoch && entry.expiresAt > now && entry.tables.every(([table, version]) => (this.versions.get(table) ?? 0) === version)) return entry.value;
    return undefined;
  }

  /**
   * Files a result read by a request that started at `snapshot` from `tables`. Refused (false) when
   * offline or when one of the tables changed after the snapshot: such a result may already be old.
   */
  set(key: string, value: T, snapshot: Snapshot, tables: readonly string[], now: number): boolean {
    if (!this.isOnline || snapshot.epoch !== this.epoch) return false;
    const entry: Entry<T> = { value, epoch: snapshot.epoch, tables: tables.map((t) => [t, snapshot.versions.get(t) ?? 0] as const), expiresAt: now + this.ttlMs };
    if (!this.stillTrue(snapshot, tables)) return false;
    this.entries.set(key, entry);
    this.stats.stored++;
    return true;
  }

  /**
   * The execution of the same key already running, if any, to wait for. What it gives is the
   * leader's result with the tables it read and the snapshot it started from; `shareable` says
   * whether a request that started at `mine` may use it (none of those tables changed in between).
   */
  join(key: string): Promise<Shared<T> | undefined> | undefined {
    if (!this.isOnline) return undefined;
    const flight = this.flights.get(key);
    if (!flight) return undefined;
    return flight.result;
  }

  shareable(shared: Shared<T>, mine: Snapshot): boolean {
    if (shared.snapshot.epoch !== mine.epoch) return false;
    const ok = shared.tables.every((t) => (shared.snapshot.versions.get(t) ?? 0) === (mine.versions.get(t) ?? 0));
    if (ok) this.stats.joined++;
    return ok;
  }

  /** Marks this request as the one executing `key`; the function returned hands its result (or undefined) to those who joined. */
  lead(key: string, snapshot: Snapshot): (result: { value: T; tables: readonly string[] } | undefined) => void {
    let settle!: (value: Shared<T> | undefined) => void;
    const result = new Promise<Shared<T> | undefined>((resolve) => (settle = resolve));
    const flight: Flight<T> = { result };
    this.flights.set(key, flight);
    return (outcome) => {
      if (this.flights.get(key) === flight) this.flights.delete(key);
      settle(outcome && { ...outcome, snapshot });
    };
  }
}
