import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { readSeriesCsv } from './series-csv';

function csvFile(text: string): string {
  const path = join(mkdtempSync(join(tmpdir(), 'series-csv-')), 'input.csv');
  writeFileSync(path, text);
  return path;
}

describe('readSeriesCsv', () => {
  it('groups rows by series in file order and keeps missing values as NaN', async () => {
    const series = await readSeriesCsv(csvFile('series_id,period,value\na,1,3\na,2,\nb,1,1e3\n'));
    expect(series.map((s) => s.id)).toEqual(['a', 'b']);
    expect(series[0].values[0]).toBe(3);
    expect(series[0].values[1]).toBeNaN();
    expect(series[1]).toEqual({ id: 'b', periods: ['1'], values: [1000] });
  });

  it('names the line of a value that is not a number', async () => {
    await expect(readSeriesCsv(csvFile('series_id,period,value\na,1,3\na,2,lots\n'))).rejects.toThrow('line 3: value "lots" is not a number');
  });

  it('names the line of a row with the wrong number of columns', async () => {
    await expect(readSeriesCsv(csvFile('series_id,period,value\na,1\n'))).rejects.toThrow(/line 2: expected 3 columns/);
  });

  it('rejects a wrong header and a series split over the file', async () => {
    await expect(readSeriesCsv(csvFile('id,t,y\na,1,3\n'))).rejects.toThrow(/line 1: header must be/);
    await expect(readSeriesCsv(csvFile('series_id,period,value\na,1,3\nb,1,3\na,2,3\n'))).rejects.toThrow(/line 4: series "a" appears again/);
  });
});
