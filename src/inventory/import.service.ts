import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { parse } from 'csv-parse';
import { once } from 'node:events';
import { createReadStream } from 'node:fs';
import { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import { DataSource, EntityManager } from 'typeorm';
import { AuditService } from '../audit/audit.service';
import { BadInputError, describeProblem, FieldProblem } from '../common/errors';
import { DayKeySet, epochDay } from './day-key-set';
import { PhaseRecorder, timed } from './import-phases';
import { ImportKind, ItemRow, UsageRow, validateHeader, validateItemRow, validateUsageRow } from './import-rows';
import { InventoryService } from './inventory.service';
import { StagedDays, StagedKeys, StagedLines, UsageRepository } from './usage.repository';

/** Rows sent to PostgreSQL per statement. */
const BATCH_ROWS = 5000;
/**
 * work_mem of an import's transaction: the merge sorts and groups up to a million staged lines
 * (tens of MB); at PostgreSQL's default 4 MB they spilled to disk (a day insert of 1,000,000
 * lines: external merge sort of 36 MB, a grouping in 29 batches).
 */
const IMPORT_WORK_MEM = '64MB';
/** Rejections kept in the report (the count is always exact). */
const MAX_REPORTED = 1000;

export interface ImportReport {
  kind: ImportKind;
  file: string;
  accepted: number;
  rejected: number;
  /** Items: rows inserted/updated. Usage: (SKU, day) rows of daily files, (SKU, week) rows of weekly files. */
  inserted: number;
  updated: number;
  unchanged: number;
  rejections: { line: number; field: string; message: string }[];
}

/**
 * CSV imports, streamed: rows are validated as they are read and sent in batches. Usage rows
 * go through a temporary staging table (COPY on PostgreSQL; memory flat however large the file:
 * what stays in memory is the catalog's SKUs and a bitmap of days per item). Unknown SKUs are
 * rejected while reading. A daily file sets each (SKU, day) in usage_daily and moves the ISO
 * weeks whose days it changed, so more days of a week add to it; a weekly file sets each (SKU,
 * week) (see usage.repository.ts). Importing the same file twice changes nothing. The whole file
 * is one transaction; rejected rows are reported with their line numbers and the rest is written.
 */
@Injectable()
export class ImportService {
  constructor(
    @InjectDataSource() private readonly db: DataSource,
    private readonly inventory: InventoryService,
    private readonly usage: UsageRepository,
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
      for await (const rows of readCsv(file, 'items')) for (const row of rows) {
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

  async importUsage(file: string, actor = 'cli', options: { phases?: PhaseRecorder } = {}): Promise<ImportReport> {
    const report = emptyReport('usage', file);
    const window = this.inventory.usageDayWindow();
    const phases = options.phases;
    let granularity: 'daily' | 'weekly' = 'daily';
    let bodyDone = 0;
    await this.db.transaction(async (tx) => {
      // The merges are a few large statements planned once: JIT compiling them cost more than it
      // saved. Their sorts and groupings of a million lines spill to disk at the default 4 MB.
      await tx.query(`SET LOCAL jit = off`);
      await tx.query(`SET LOCAL work_mem = '${IMPORT_WORK_MEM}'`);
      const catalog = await this.usage.skuIndex(tx);
      // Does the file give any (item, day) twice? Only then are its lines summed and checked in SQL.
      const keys = new DayKeySet(catalog.ids.length);
      // A file repeats the same few hundred days: each one's number computed once (at most the ~20,000 days the window allows).
      const dayNumbers = new Map<string, number>();
      const staging = await this.usage.openStaging(tx);
      let batch: StagedLines = { lines: [], itemIds: [], days: [], quantities: [] };
      const flush = async () => {
        if (!batch.lines.length) return;
        const rows = batch;
        batch = { lines: [], itemIds: [], days: [], quantities: [] };
        await timed(phases, 'staging: sent (and waited for)', () => staging.write(rows));
      };
      const readStarted = performance.now();
      try {
        for await (const rows of readCsv(file, 'usage')) for (const row of rows) {
          if (row.problem) {
            reject(report, [row.problem]);
            continue;
          }
          const { line, record, header } = row;
          granularity = header.granularity ?? 'daily';
          const result = validateUsageRow(record, window);
          if (!result.ok) {
            reject(report, result.errors.map((e) => ({ row: line, ...e })));
            continue;
          }
          const item = catalog.index.get(result.value.sku);
          if (item === undefined) {
            reject(report, [{ row: line, field: 'sku', message: `unknown SKU ${JSON.stringify(result.value.sku)}` }]);
            continue;
          }
          const day = result.value.day ?? result.value.weekStart;
          let dayNumber = dayNumbers.get(day);
          if (dayNumber === undefined) dayNumbers.set(day, (dayNumber = epochDay(day)));
          keys.add(item, dayNumber);
          batch.lines.push(line);
          batch.itemIds.push(catalog.ids[item]);
          batch.days.push(day);
          batch.quantities.push(result.value.quantity);
          report.accepted++;
          if (batch.lines.length >= BATCH_ROWS) await flush();
        }
        await flush();
      } catch (error) {
        await staging.abort(error as Error);
        throw error;
      }
      await timed(phases, 'staging: sent (and waited for)', () => staging.end());
      phases?.('parse + staging (overlapped)', performance.now() - readStarted);

      // Lines of the same key: (weekly files) a week given twice is an error; (daily files) they
      // add up, and a day whose sum would not fit its row is an error. Only a file with repeats
      // can have either, so a file without them is merged straight from the staging table.
      let source: StagedKeys = 'usage_staging';
      let keyCount = report.accepted;
      const checksStarted = performance.now();
      if (keys.repeats === 0) {
        await this.usage.analyzeStaging(tx);
      } else {
        source = 'usage_staged_days';
        let staged = await this.usage.summarizeStaged(tx);
        const repeated = granularity === 'weekly' && staged.repeated ? await this.usage.stagedRepeats(tx) : [];
        const overflowing = granularity === 'daily' && staged.overflowing ? await this.usage.stagedOverflowingDays(tx) : [];
        const badLines = [...new Set([...repeated.map((r) => r.line), ...overflowing.map((o) => o.line)])];
        if (badLines.length) {
          reject(report, [
            ...repeated.map((r) => ({ row: r.line, field: 'week_start', message: `repeats the SKU and week of line ${r.first}` })),
            ...overflowing.map((o) => ({ row: o.line, field: 'quantity', message: `the lines of ${o.sku} on ${o.day} add up to 1e11 or more` })),
          ]);
          report.accepted -= badLines.length;
          await this.usage.unstage(badLines, tx);
          staged = await this.usage.summarizeStaged(tx);
        }
        keyCount = staged.keys;
      }
      phases?.('repeated keys summed and checked', performance.now() - checksStarted);

      const merged = granularity === 'weekly' ? await timed(phases, 'merge: weeks', () => this.usage.mergeStagedWeeks(tx, source)) : await this.usage.mergeStagedDays(tx, stagedDays(source, keyCount, keys, catalog.ids), phases);
      report.inserted = merged.inserted;
      report.updated = merged.updated;
      report.unchanged = keyCount - merged.inserted - merged.updated;
      await timed(phases, 'audit entry', () => this.audit.append({ actor, action: 'usage.imported', entityType: 'usage_history', payload: { ...summary(report), granularity } }, tx));
      bodyDone = performance.now();
    });
    phases?.('commit', performance.now() - bodyDone);
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
 * import. Records come in arrays of what the parser has buffered: one await per batch, not per
 * record (per record, the awaits were a fifth of a usage import's CPU).
 */
async function* readCsv(file: string, kind: ImportKind): AsyncGenerator<CsvRow[]> {
  const input = createReadStream(file);
  // No `trim` either: the row validators trim each field themselves.
  const parser = input.pipe(parse({ skip_empty_lines: false, relax_column_count: true }));
  // pipe() does not forward a read error (a missing file): hand it to the parser's iterator.
  input.on('error', (error) => parser.destroy(error));
  let columns: string[] | undefined;
  let header: { granularity?: 'daily' | 'weekly' } = {};
  let line = 1;
  try {
    for await (const records of recordBatches(parser)) {
      const batch: CsvRow[] = [];
      for (const fields of records) {
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
          batch.push({ line: start, problem: { row: start, field: 'line', message: `expected ${columns.length} fields (${columns.join(',')}), got ${fields.length}` } });
          continue;
        }
        const record: Record<string, string> = {};
        for (let i = 0; i < columns.length; i++) record[columns[i]] = fields[i];
        batch.push({ line: start, record, header });
      }
      if (batch.length) yield batch;
    }
    if (!columns) throw BadInputError.field('file', 'is empty: the first line must be the header', 1);
  } catch (error) {
    if (error instanceof BadInputError) throw error;
    const e = error as Error & { code?: string; lines?: number };
    if (e.code === 'ENOENT') throw BadInputError.field('file', `no such file: ${file}`);
    if (e.code?.startsWith('CSV_')) throw BadInputError.field('file', e.message, e.lines);
    throw error;
  }
}

/** The daily merge's input: the staged keys and each item's earliest staged day. */
function stagedDays(source: StagedKeys, keyCount: number, keys: DayKeySet, ids: readonly string[]): StagedDays {
  const first = keys.firstDays();
  return { source, keys: keyCount, itemIds: first.items.map((i) => ids[i]), firstEpochDays: first.days };
}

/** A readable's records in arrays of what it has buffered; ends with the stream, throws its error. */
async function* recordBatches(stream: Readable): AsyncGenerator<string[][]> {
  let ended = false;
  const end = finished(stream, { writable: false }).then(() => (ended = true));
  end.catch(() => undefined); // raced below, where its error surfaces
  for (;;) {
    const batch: string[][] = [];
    let record: string[] | null;
    while ((record = stream.read() as string[] | null) !== null) batch.push(record);
    if (batch.length) yield batch;
    else if (ended) return;
    else await Promise.race([once(stream, 'readable'), end]);
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
