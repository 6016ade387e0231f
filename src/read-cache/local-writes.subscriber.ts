import { Inject, Injectable, OnModuleInit } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { AfterQueryEvent, DataSource, EntitySubscriberInterface, QueryRunner, TransactionCommitEvent, TransactionRollbackEvent } from 'typeorm';
import { ReadCache } from './read-cache';
import { SqlTables } from './sql-tables';
import { READ_CACHE } from './table-changes.listener';

/** A statement that may change rows (over-approximated: `SELECT … FOR UPDATE` counts too). */
const WRITES = /\b(insert|update|delete|truncate|merge|copy)\b/i;

/**
 * Writes made by this process drop the cached answers of their tables the moment they commit,
 * without waiting for PostgreSQL's notification: a mutation's caller, an in-process job, a CLI
 * command in the API's process read their own writes at once. (Other processes' writes arrive as
 * notifications, table-changes.listener.ts.) A statement outside a transaction counts when it
 * returns; inside one, its tables are kept until the outermost commit (dropped on rollback).
 */
@Injectable()
export class LocalWritesSubscriber implements EntitySubscriberInterface, OnModuleInit {
  private readonly pending = new WeakMap<QueryRunner, Set<string>>();

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    @Inject(READ_CACHE) private readonly cache: ReadCache<unknown>,
    private readonly sqlTables: SqlTables,
  ) {}

  onModuleInit(): void {
    this.dataSource.subscribers.push(this);
  }

  afterQuery(event: AfterQueryEvent<unknown>): void {
    if (!WRITES.test(event.query)) return;
    const tables = this.sqlTables.of(event.query);
    if (tables.length === 0) return;
    const runner = event.queryRunner;
    if (runner?.isTransactionActive) {
      let set = this.pending.get(runner);
      if (!set) this.pending.set(runner, (set = new Set()));
      for (const t of tables) set.add(t);
    } else {
      for (const t of tables) this.cache.invalidate(t);
    }
  }

  afterTransactionCommit(event: TransactionCommitEvent): void {
    const runner = event.queryRunner;
    if (runner.isTransactionActive) return; // a savepoint released: the outer transaction may still roll back
    const set = this.pending.get(runner);
    if (!set) return;
    this.pending.delete(runner);
    for (const t of set) this.cache.invalidate(t);
  }

  afterTransactionRollback(event: TransactionRollbackEvent): void {
    if (!event.queryRunner.isTransactionActive) this.pending.delete(event.queryRunner);
  }
}
