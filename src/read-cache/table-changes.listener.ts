import { Inject, Injectable, Logger, OnApplicationBootstrap, OnApplicationShutdown } from '@nestjs/common';
import { Client } from 'pg';
import { ReadCache } from './read-cache';

export const READ_CACHE = Symbol('READ_CACHE');
export const READ_CACHE_DATABASE_URL = Symbol('READ_CACHE_DATABASE_URL');
export const CHANGES_CHANNEL = 'nn_table_changes';
const TRIGGER = 'nn_notify_table_change';
const PING_PREFIX = '~ping:';
const PING_EVERY_MS = 5_000;
/** A ping not heard back within this long means the listening connection is dead. */
const PING_TIMEOUT_MS = 5_000;

/** What the cache may file answers under: tables with the notify trigger (loaded when listening starts). */
export class CoveredTables {
  private tables = new Set<string>();
  set(tables: Iterable<string>): void {
    this.tables = new Set(tables);
  }
  covers(table: string): boolean {
    return this.tables.has(table);
  }
  get size(): number {
    return this.tables.size;
  }
}

/**
 * Keeps one PostgreSQL connection that LISTENs to `nn_table_changes` (statement-level triggers
 * send a table's name at each commit that changed it, migration 1764600500000) and bumps that
 * table's version in the read cache. The cache is online only while this connection listens:
 * it goes offline (serves nothing) on a connection error or end, and when a ping it sends itself
 * through the same channel every 5 s is not heard back within 5 s (a silently dead connection);
 * it then reconnects with backoff (1 s doubling to 30 s) and comes back online with an empty cache.
 */
@Injectable()
export class TableChangesListener implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('ReadCache');
  private client: Client | undefined;
  private stopped = false;
  private pingTimer: NodeJS.Timeout | undefined;
  private retryTimer: NodeJS.Timeout | undefined;
  private pending: { token: string; sentAt: number } | undefined;
  private pings = 0;
  private backoffMs = 1_000;

  constructor(
    @Inject(READ_CACHE) private readonly cache: ReadCache<unknown>,
    @Inject(READ_CACHE_DATABASE_URL) private readonly databaseUrl: string,
    private readonly covered: CoveredTables,
  ) {}

  onApplicationBootstrap(): void {
    void this.connect();
  }

  async onApplicationShutdown(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.retryTimer);
    clearInterval(this.pingTimer);
    const client = this.client;
    this.client = undefined;
    this.cache.setOnline(false);
    await client?.end().catch(() => undefined);
  }

  private async connect(): Promise<void> {
    if (this.stopped) return;
    const client = new Client({ connectionString: this.databaseUrl, keepAlive: true, application_name: 'neuronexus-read-cache' });
    client.on('error', (error) => this.drop(client, `error: ${error.message}`));
    client.on('end', () => this.drop(client, 'connection ended'));
    client.on('notification', (message) => this.heard(message.payload ?? ''));
    try {
      await client.connect();
      const rows = (await client.query(`SELECT DISTINCT c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid WHERE t.tgname = $1`, [TRIGGER])).rows as { table: string }[];
      this.covered.set(rows.map((r) => r.table));
      await client.query(`LISTEN ${CHANGES_CHANNEL}`);
    } catch (error) {
      this.drop(client, `could not listen: ${(error as Error).message}`);
      return;
    }
    if (this.stopped) return void client.end().catch(() => undefined);
    this.client = client;
    this.backoffMs = 1_000;
    this.pending = undefined;
    this.cache.setOnline(true);
    this.logger.log(`read cache on: listening to ${CHANGES_CHANNEL} (${this.covered.size} tables notify their changes)`);
    this.pingTimer = setInterval(() => this.ping(client), PING_EVERY_MS);
    this.pingTimer.unref();
  }

  private ping(client: Client): void {
    if (this.pending && Date.now() - this.pending.sentAt > PING_TIMEOUT_MS) return this.drop(client, 'ping not heard back');
    if (this.pending) return;
    const token = `${process.pid}-${++this.pings}`;
    this.pending = { token, sentAt: Date.now() };
    client.query(`SELECT pg_notify($1, $2)`, [CHANGES_CHANNEL, PING_PREFIX + token]).catch((error: Error) => this.drop(client, `ping failed: ${error.message}`));
  }

  private heard(payload: string): void {
    if (payload.startsWith(PING_PREFIX)) {
      if (this.pending && payload === PING_PREFIX + this.pending.token) this.pending = undefined;
      return;
    }
    this.cache.invalidate(payload);
  }

  private drop(client: Client, reason: string): void {
    const wasListening = this.client === client;
    if (wasListening) {
      this.client = undefined;
      clearInterval(this.pingTimer);
      this.cache.setOnline(false);
      this.logger.warn(`read cache off (${reason}); reconnecting`);
    }
    client.removeAllListeners('notification');
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    if (this.stopped || this.retryTimer) return;
    if (!wasListening && this.client) return;
    const delay = this.backoffMs;
    this.backoffMs = Math.min(this.backoffMs * 2, 30_000);
    this.retryTimer = setTimeout(() => {
      this.retryTimer = undefined;
      void this.connect();
    }, delay);
    this.retryTimer.unref();
  }
}
