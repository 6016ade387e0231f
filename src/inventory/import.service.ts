import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse';
import { createReadStream } from 'node:fs';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { BadInputError, describeProblem, FieldProblem } from '../common/errors';
import { ImportKind, ItemRow, UsageRow, validateHeader, validateItemRow, validateUsageRow } from './import-rows';
import { InventoryService } from './inventory.service';

/** Rows sent to PostgreSQL per statement. */
const BATCH_ROWS = 5000;
/** Rejections kept in the report (the count is always exact). */
const MAX_REPORTED = 1000;

export interface ImportReport {
  kind: ImportKind;
  file: string;
  accepted: number;
  rejected: number;
  /** Items: rows inserted/updated. Usage: (SKU, week) rows written. */
  inserted: number;
  updated: number;
  unchanged: number;
  rejections: { line: number; field: string; message: string }[];
}

/**
 * CSV imports, streamed: rows are validated as they are read and sent in multi-row batches.
 * Usage rows go through a temporary staging table, so daily rows are summed into ISO weeks by
 * PostgreSQL (exact numeric sums, memory flat however large the file) and merged in one
 * statement that sets each (SKU, week): importing the same file twice changes nothing.
 * The whole file is one transaction; rejected rows are reported with their line numbers.
 */
@Injectable()
export class ImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly inventory: InventoryService,
    private readonly audit: AuditService,
  ) {}

  async importItems(file: string, actor = 'cli'): Promise<ImportReport> {
    const report = emptyReport('items', file);
    await this.db.transaction(async (tx) => {
      let batch: ItemRow[] = [];
      let lines: number[] = [];
      const seen = new Map<string, number>();
      const flush = async () => {
        if (!batch.length) return;
        const counts = await this.writeItemsReportingSuppliers(tx, batch, lines, report);
        report.inserted += counts.inserted;
        report.updated += counts.updated;
        batch = [];
        lines = [];
      };
      for await (const row of readCsv(file, 'items')) {
        if (row.problem) {
          reject(report, [row.problem]);
          continue;
        }
        const { line, record } = row;
        const result = validateItemRow(record);
        if (!result.ok) {
          reject(report, result.errors.map((e) => ({ row: line, ...e })));
          continue;
        }
        const first = seen.get(result.value.sku);
        if (first !== undefined) {
          reject(report, [{ row: line, field: 'sku', message: `duplicate SKU ${result.value.sku} (first on line ${first})` }]);
          continue;
        }
        seen.set(result.value.sku, line);
        batch.push(result.value);
        lines.push(line);
        if (batch.length >= BATCH_ROWS) await flush();
      }
      await flush();
      report.unchanged = report.accepted - report.inserted - report.updated;
      await this.audit.append({ actor, action: 'items.imported', entityType: 'inventory_item', payload: summary(report) }, tx);
    });
    return report;
  }

  /** Unknown suppliers reject their rows; the rest of the batch is written. */
  private async writeItemsReportingSuppliers(tx: EntityManager, rows: ItemRow[], lines: number[], report: ImportReport) {
    try {
      const counts = await this.inventory.writeItems(tx, rows, lines);
      report.accepted += rows.length;
      return counts;
    } catch (error) {
      if (!(error instanceof BadInputError)) throw error;
      const badLines = new Set(error.problems.map((p) => p.row));
      reject(report, error.problems);
      const keep = rows.filter((_, i) => !badLines.has(lines[i]));
      const keepLines = lines.filter((l) => !badLines.has(l));
      const counts = await this.inventory.writeItems(tx, keep, keepLines);
      report.accepted += keep.length;
      return counts;
    }
  }

  async importUsage(file: string, actor = 'cli'): Promise<ImportReport> {
    const report = emptyReport('usage', file);
    let granularity: 'daily' | 'weekly' = 'daily';
    await this.db.transaction(async (tx) => {
      await tx.query(`CREATE TEMP TABLE usage_staging (line integer NOT NULL, sku text NOT NULL, week_start date NOT NULL, quantity numeric(14,3) NOT NULL) ON COMMIT DROP`);
      let batch: UsageRow[] = [];
      let lines: number[] = [];
      // One staging insert in flight while the next batch is parsed: PostgreSQL and the parser overlap.
      let inFlight: Promise<unknown> = Promise.resolve();
      const flush = async () => {
        if (!batch.length) return;
        const params = [lines, batch.map((r) => r.sku), batch.map((r) => r.weekStart), batch.map((r) => r.quantity)];
        batch = [];
        lines = [];
        await inFlight;
        inFlight = tx.query(`INSERT INTO usage_staging SELECT * FROM unnest($1::int[], $2::text[], $3::date[], $4::numeric[])`, params);
      };
      for await (const row of readCsv(file, 'usage')) {
        if (row.problem) {
          reject(report, [row.problem]);
          continue;
        }
        const { line, record, header } = row;
        granularity = header.granularity ?? 'daily';
        const result = validateUsageRow(record);
        if (!result.ok) {
          reject(report, result.errors.map((e) => ({ row: line, ...e })));
          continue;
        }
        batch.push(result.value);
        lines.push(line);
        report.accepted++;
        if (batch.length >= BATCH_ROWS) await flush();
      }
      await flush();
      await inFlight;

      // Rows whose SKU is not in the catalog, and (weekly files) repeated (SKU, week) lines.
      const unknown: { line: number; sku: string }[] = await tx.query(
        `SELECT s.line, s.sku FROM usage_staging s LEFT JOIN inventory_items i ON i.sku = s.sku WHERE i.id IS NULL ORDER BY s.line`,
      );
      const repeated: { line: number; first: number }[] =
        granularity === 'weekly'
          ? await tx.query(
              `SELECT line, first FROM (SELECT line, min(line) OVER w AS first, row_number() OVER (w ORDER BY line) AS n
                 FROM usage_staging WINDOW w AS (PARTITION BY sku, week_start)) d WHERE n > 1 ORDER BY line`,
            )
          : [];
      const badLines = [...unknown.map((u) => u.line), ...repeated.map((r) => r.line)];
      if (badLines.length) {
        reject(report, [
          ...unknown.map((u) => ({ row: u.line, field: 'sku', message: `unknown SKU ${JSON.stringify(u.sku)}` })),
          ...repeated.map((r) => ({ row: r.line, field: 'week_start', message: `repeats the SKU and week of line ${r.first}` })),
        ]);
        report.accepted -= badLines.length;
        await tx.query('DELETE FROM usage_staging WHERE line = ANY($1)', [badLines]);
      }

      const merged: { inserted: boolean }[] = await tx.query(
        `INSERT INTO usage_history (item_id, week_start, quantity)
         SELECT i.id, s.week_start, sum(s.quantity) FROM usage_staging s JOIN inventory_items i ON i.sku = s.sku GROUP BY i.id, s.week_start
         ON CONFLICT (item_id, week_start) DO UPDATE SET quantity = EXCLUDED.quantity, updated_at = now()
         WHERE usage_history.quantity IS DISTINCT FROM EXCLUDED.quantity
         RETURNING (xmax = 0) AS inserted`,
      );
      report.inserted = merged.filter((m) => m.inserted).length;
      report.updated = merged.length - report.inserted;
      const [{ weeks }]: { weeks: number }[] = await tx.query('SELECT count(DISTINCT (sku, week_start))::int AS weeks FROM usage_staging');
      report.unchanged = weeks - merged.length;
      await this.audit.append({ actor, action: 'usage.imported', entityType: 'usage_history', payload: { ...summary(report), granularity } }, tx);
    });
    report.rejections.sort((a, b) => a.line - b.line);
    return report;
  }
}

type CsvRow = { line: number; header: { granularity?: 'daily' | 'weekly' }; record: Record<string, string>; problem?: undefined } | { line: number; problem: FieldProblem };

/**
 * Streams the records of a CSV file keyed by normalised column names, with the line each starts
 * on. csv-parse gives plain arrays (its per-record `info` objects halve its speed); lines are
 * counted here: one per record plus the line breaks inside quoted fields. Empty lines are
 * skipped; a record with the wrong number of fields is a problem on its line, not the end of the
 * import.
 */
async function* readCsv(file: string, kind: ImportKind): AsyncGenerator<CsvRow> {
  const input = createReadStream(file);
  // No `trim` either: the row validators trim each field themselves.
  const parser = input.pipe(parse({ skip_empty_lines: false, relax_column_count: true }));
  // pipe() does not forward a read error (a missing file): hand it to the parser's iterator.
  input.on('error', (error) => parser.destroy(error));
  let columns: string[] | undefined;
  let header: { granularity?: 'daily' | 'weekly' } = {};
  let line = 1;
  try {
    for await (const fields of parser as AsyncIterable<string[]>) {
      const start = line;
      line += 1;
      for (const field of fields) if (field.includes('\n')) line += field.split('\n').length - 1;
      if (!columns) {
        const checked = validateHeader(kind, fields);
        if (!checked.ok) throw new BadInputError(checked.errors.map((e) => ({ row: 1, ...e })));
        columns = checked.value.columns;
        header = checked.value;
        continue;
      }
      if (fields.length === 1 && fields[0].trim() === '') continue;
      if (fields.length !== columns.length) {
        yield { line: start, problem: { row: start, field: 'line', message: `expected ${columns.length} fields (${columns.join(',')}), got ${fields.length}` } };
        continue;
      }
      const record: Record<string, string> = {};
      for (let i = 0; i < columns.length; i++) record[columns[i]] = fields[i];
      yield { line: start, record, header };
    }
  } catch (error) {
    if (error instanceof BadInputError) throw error;
    const e = error as Error & { code?: string; lines?: number };
    if (e.code === 'ENOENT') throw BadInputError.field('file', `no such file: ${file}`);
    if (e.code?.startsWith('CSV_')) throw BadInputError.field('file', e.message, e.lines);
    throw error;
  }
}

function emptyReport(kind: ImportKind, file: string): ImportReport {
  return { kind, file, accepted: 0, rejected: 0, inserted: 0, updated: 0, unchanged: 0, rejections: [] };
}

function reject(report: ImportReport, problems: FieldProblem[]): void {
  const lines = new Set(problems.map((p) => p.row));
  report.rejected += lines.size;
  for (const p of problems) {
    if (report.rejections.length < MAX_REPORTED) report.rejections.push({ line: p.row ?? 0, field: p.field, message: p.message });
  }
}

function summary(report: ImportReport) {
  const { rejections: _r, ...rest } = report;
  return rest;
}

export function formatImportReport(report: ImportReport): string {
  const lines = [
    `${report.kind} import of ${report.file}: ${report.accepted} rows accepted, ${report.rejected} rejected; ${report.inserted} inserted, ${report.updated} updated, ${report.unchanged} unchanged`,
  ];
  for (const r of report.rejections) lines.push(`  ${describeProblem({ row: r.line, field: r.field, message: r.message }).replace(/^row/, 'line')}`);
  if (report.rejected > report.rejections.length) lines.push(`  … and more (${report.rejected} rejected rows in all)`);
  return lines.join('\n');
}
