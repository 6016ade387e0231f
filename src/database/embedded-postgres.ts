import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { PGlite } from '@electric-sql/pglite';
import { PGLiteSocketServer } from '@electric-sql/pglite-socket';

/**
 * The embedded default: PGlite (PostgreSQL compiled to WASM) with its data in `dataDir`, served
 * in-process over the PostgreSQL wire protocol on a loopback port, so the app still connects
 * through `pg` like it does to a real server — one code path.
 *
 * PGlite is a single backend: the socket server multiplexes connections and, while one is in a
 * transaction, holds the others' queries until it ends. Code that waits on a second connection
 * from inside a transaction hangs here (and is wrong on PostgreSQL too).
 */
export class EmbeddedPostgres {
  private db?: PGlite;
  private server?: PGLiteSocketServer;
  private url?: string;

  constructor(
    private readonly dataDir: string,
    private readonly maxConnections = 16,
  ) {}

  async start(): Promise<string> {
    if (this.url) return this.url;
    const dir = resolve(this.dataDir, 'pglite');
    mkdirSync(dir, { recursive: true });
    this.db = await PGlite.create(dir);
    this.server = new PGLiteSocketServer({ db: this.db, host: '127.0.0.1', port: 0, maxConnections: this.maxConnections });
    await this.server.start();
    this.url = `postgres://postgres@${this.server.getServerConn()}/postgres`;
    return this.url;
  }

  async stop(): Promise<void> {
    await this.server?.stop();
    await this.db?.close();
    this.server = undefined;
    this.db = undefined;
    this.url = undefined;
  }
}
