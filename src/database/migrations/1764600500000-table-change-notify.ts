import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Table changes announced at commit (issue 9, the API's read cache, src/read-cache/): a
 * statement-level trigger on every table sends `NOTIFY nn_table_changes, '<table>'`. PostgreSQL
 * delivers a notification only when its transaction commits, once per table per transaction
 * (identical notifications in one transaction are merged), so a listener hears exactly the tables
 * whose committed contents may have changed, whichever process wrote them. One call per statement,
 * not per row. A table created by a later migration needs the trigger too
 * (`SELECT nn_notify_changes_on('<table>')`); the read cache does not store an answer read from a
 * table without it, and test/read-cache.e2e-spec.ts checks every table of table-owners.ts has it.
 */
export class TableChangeNotify1764600500000 implements MigrationInterface {
  name = 'TableChangeNotify1764600500000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`
      CREATE FUNCTION nn_notify_table_change() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        PERFORM pg_notify('nn_table_changes', TG_TABLE_NAME);
        RETURN NULL;
      END $$`);
    await q.query(`
      CREATE FUNCTION nn_notify_changes_on(target text) RETURNS void LANGUAGE plpgsql AS $$
      BEGIN
        EXECUTE format('CREATE TRIGGER nn_notify_table_change AFTER INSERT OR UPDATE OR DELETE OR TRUNCATE ON %I FOR EACH STATEMENT EXECUTE FUNCTION nn_notify_table_change()', target);
      END $$`);
    await q.query(`
      SELECT nn_notify_changes_on(tablename) FROM pg_tables
       WHERE schemaname = current_schema() AND tablename <> 'migrations'`);
  }

  async down(q: QueryRunner): Promise<void> {
    const rows: { table: string }[] = await q.query(`
      SELECT c.relname AS table FROM pg_trigger t JOIN pg_class c ON c.oid = t.tgrelid
       WHERE t.tgname = 'nn_notify_table_change' AND NOT t.tgisinternal`);
    for (const { table } of rows) await q.query(`DROP TRIGGER nn_notify_table_change ON "${table.replace(/"/g, '""')}"`);
    await q.query(`DROP FUNCTION nn_notify_changes_on(text)`);
    await q.query(`DROP FUNCTION nn_notify_table_change()`);
  }
}
