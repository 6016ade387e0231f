/**
 * Reads the long CSV the backtest CLI takes: header `series_id,period,value`, one row per series
 * and period, the rows of a series together and in period order. Streamed with csv-parse so a
 * large file never sits in memory as text.
 *
 * Values: a number (any JavaScript numeric literal, e.g. `12`, `3.5`, `1e6`); an empty cell,
 * `NA` or `NaN` is a missing value and is kept as NaN so each consumer applies its own rule
 * (the engine's is documented in engine.ts). Anything else is an error naming the line.
 */
import { createReadStream } from 'node:fs';
import { parse } from 'csv-parse';

export interface Series {
  id: string;
  /** The `period` column as written, one per value. */
  periods: string[];
  values: number[];
}

const MISSING = new Set(['', 'NA', 'NaN', 'nan', 'null']);

export class SeriesCsvError extends Error {
  constructor(
    message: string,
    readonly line: number,
  ) {
    super(`line ${line}: ${message}`);
  }
}

function parseValue(raw: string, line: number): number {
  const text = raw.trim();
  if (MISSING.has(text)) return Number.NaN;
  const value = Number(text);
  if (Number.isNaN(value)) throw new SeriesCsvError(`value "${raw}" is not a number`, line);
  return value;
}

/** A CSV record with the file line it ended on (csv-parse's `info.lines`). */
export interface CsvRecord {
  record: string[];
  info: { lines: number };
}

/** Parses CSV records (header first) arriving from any async iterable of csv-parse records. */
export async function collectSeries(records: AsyncIterable<CsvRecord>): Promise<Series[]> {
  const series: Series[] = [];
  const seen = new Set<string>();
  let current: Series | undefined;
  let line = 0;
  let headerSeen = false;
  for await (const { record, info } of records) {
    line = info.lines;
    if (!headerSeen) {
      headerSeen = true;
      const header = record.map((cell) => cell.trim().toLowerCase());
      if (header.join(',') !== 'series_id,period,value') {
        throw new SeriesCsvError(`header must be "series_id,period,value", got "${record.join(',')}"`, line);
      }
      continue;
    }
    if (record.length === 1 && record[0].trim() === '') continue; // a line of spaces
    if (record.length !== 3) {
      throw new SeriesCsvError(`expected 3 columns (series_id,period,value), got ${record.length}`, line);
    }
    const [id, period, rawValue] = record.map((cell) => cell.trim());
    if (id === '') throw new SeriesCsvError('series_id is empty', line);
    const value = parseValue(rawValue, line);
    if (!current || current.id !== id) {
      if (seen.has(id)) {
        throw new SeriesCsvError(`series "${id}" appears again after other series: rows of a series must be together`, line);
      }
      seen.add(id);
      current = { id, periods: [], values: [] };
      series.push(current);
    }
    current.periods.push(period);
    current.values.push(value);
  }
  if (!headerSeen) throw new SeriesCsvError('the file is empty (expected header "series_id,period,value")', 1);
  return series;
}

/** Reads a long CSV file into series, in the order they first appear. */
export async function readSeriesCsv(path: string): Promise<Series[]> {
  // relax_column_count: report a wrong column count ourselves, with the line number.
  const parser = createReadStream(path).pipe(parse({ relax_column_count: true, skip_empty_lines: true, info: true }));
  return collectSeries(parser as AsyncIterable<CsvRecord>);
}
