/**
 * The public data sets the benches use (bench/data/README.md: what they are, where they come
 * from, under what terms). Long CSV `series_id,period,value`, rows of a series in period order.
 *
 * Every bench that reads them takes `--data DIR`; without it the repository's own bench/data is
 * used, found from this file's location, so the benches run from any working directory and name
 * no machine's paths.
 */
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';

export interface NamedSeries {
  id: string;
  values: number[];
}

export interface SplitSeries {
  id: string;
  train: number[];
  test: number[];
}

/** The repository root: the nearest folder above this file (src or dist) holding package.json. */
function repositoryRoot(): string {
  let dir = __dirname;
  while (!existsSync(join(dir, 'package.json'))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error(`no package.json above ${__dirname}`);
    dir = parent;
  }
  return dir;
}

/** bench/data of this repository. */
export function defaultDataDir(): string {
  return join(repositoryRoot(), 'bench', 'data');
}

/**
 * The data folder named by `--data DIR` (relative to the working directory) or the default;
 * returns the arguments without the flag so positional parsing is unaffected.
 */
export function dataDirArgument(argv: readonly string[]): { dataDir: string; rest: string[] } {
  const rest = [...argv];
  const index = rest.indexOf('--data');
  if (index < 0) return { dataDir: defaultDataDir(), rest };
  const value = rest[index + 1];
  if (!value || value.startsWith('--')) throw new Error('--data needs a folder: --data DIR');
  rest.splice(index, 2);
  return { dataDir: resolve(value), rest };
}

function readDataFile(dataDir: string, file: string): string {
  const path = join(dataDir, file);
  if (!existsSync(path)) throw new Error(`${path} not found: pass --data DIR with the files of bench/data/README.md`);
  return readFileSync(path, 'utf8');
}

export function readLongCsv(text: string): NamedSeries[] {
  const lines = text.split(/\r?\n/);
  const byId = new Map<string, number[]>();
  for (let i = 1; i < lines.length; i++) {
    const line = lines[i].trim();
    if (!line) continue;
    const [id, , value] = line.split(',');
    let values = byId.get(id);
    if (!values) byId.set(id, (values = []));
    values.push(Number(value));
  }
  return [...byId].map(([id, values]) => ({ id, values }));
}

/** M3 monthly: training part and the 18-period official test part of each series. */
export function loadM3Monthly(dataDir: string): SplitSeries[] {
  const series = readLongCsv(readDataFile(dataDir, 'm3_monthly.csv'));
  const meta = new Map<string, number>();
  const lines = readDataFile(dataDir, 'm3_monthly_meta.csv').split(/\r?\n/);
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
export function loadCarParts(dataDir: string, horizon: number): SplitSeries[] {
  return readLongCsv(readDataFile(dataDir, 'carparts.csv')).map(({ id, values }) => ({
    id,
    train: values.slice(0, values.length - horizon),
    test: values.slice(values.length - horizon),
  }));
}

/**
 * For benches that read any long CSV (`--input FILE`): `--data DIR` (default bench/data) is where a
 * bare file name is looked up when no such file is in the working directory, so
 * `--input m3_monthly.csv` means the repository's copy and `--input weekly.csv` a file generated in
 * the working directory. A name with a folder in it is used as given. Returns the arguments with
 * `--data` removed and `--input` resolved.
 */
export function inputArguments(argv: readonly string[], exists: (path: string) => boolean = existsSync): string[] {
  const { dataDir, rest } = dataDirArgument(argv);
  return rest.map((arg, i) => {
    const inline = /^--input=(.*)$/.exec(arg);
    if (inline) return `--input=${resolveInput(inline[1], dataDir, exists)}`;
    return i > 0 && rest[i - 1] === '--input' ? resolveInput(arg, dataDir, exists) : arg;
  });
}

function resolveInput(name: string, dataDir: string, exists: (path: string) => boolean): string {
  if (name.includes('/') || name.includes('\\') || exists(name)) return name;
  return join(dataDir, name);
}
