/** Loads the shared public data sets (long CSV `series_id,period,value`) for the GBDT bench. */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';

export const DATA_DIR = process.env.NEURONEXUS_DATA_DIR ?? join(__dirname, '..', '..', '..', '..', 'shared', 'data');

export interface NamedSeries {
  id: string;
  values: number[];
}

export function readLongCsv(file: string): NamedSeries[] {
  const lines = readFileSync(file, 'utf8').split(/\r?\n/);
  const byId = new Map<string, number[]>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i];
    if (!line) continue;
    const [id, , value] = line.split(',');
    let values = byId.get(id);
    if (!values) byId.set(id, (values = []));
    values.push(Number(value));
  }
  return [...byId].map(([id, values]) => ({ id, values }));
}

/** M3 monthly: training part and the 18-period official test part of each series. */
export function loadM3Monthly(): { id: string; train: number[]; test: number[] }[] {
  const series = readLongCsv(join(DATA_DIR, 'm3_monthly.csv'));
  const meta = new Map<string, number>();
  const lines = readFileSync(join(DATA_DIR, 'm3_monthly_meta.csv'), 'utf8').split(/\r?\n/);
  for (let i = 1; i < lines.length; i++) {
    if (!lines[i]) continue;
    const [id, , nTrain] = lines[i].split(',');
    meta.set(id, Number(nTrain));
  }
  return series.map(({ id, values }) => {
    const nTrain = meta.get(id) ?? values.length - 18;
    return { id, train: values.slice(0, nTrain), test: values.slice(nTrain) };
  });
}

/** Car parts: last `horizon` periods are the test part. */
export function loadCarParts(horizon: number): { id: string; train: number[]; test: number[] }[] {
  return readLongCsv(join(DATA_DIR, 'carparts.csv')).map(({ id, values }) => ({
    id,
    train: values.slice(0, values.length - horizon),
    test: values.slice(values.length - horizon),
  }));
}
