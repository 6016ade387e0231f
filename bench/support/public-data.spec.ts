import { join, resolve } from 'node:path';
import { dataDirArgument, defaultDataDir, inputArguments } from './public-data';

describe('bench data arguments', () => {
  const none = () => false;

  it('defaults to the repository bench/data and strips --data', () => {
    expect(defaultDataDir().endsWith(join('bench', 'data'))).toBe(true);
    expect(dataDirArgument(['--data', 'x', 'm3'])).toEqual({ dataDir: resolve('x'), rest: ['m3'] });
    expect(() => dataDirArgument(['--data'])).toThrow('--data needs a folder');
  });

  it('looks a bare --input name up in the data folder unless the working directory has it', () => {
    expect(inputArguments(['--input', 'm3_monthly.csv', '--horizon', '18'], none)).toEqual(['--input', join(defaultDataDir(), 'm3_monthly.csv'), '--horizon', '18']);
    expect(inputArguments(['--data', 'elsewhere', '--input=carparts.csv'], none)).toEqual([`--input=${join(resolve('elsewhere'), 'carparts.csv')}`]);
    expect(inputArguments(['--input', 'weekly.csv'], (p) => p === 'weekly.csv')).toEqual(['--input', 'weekly.csv']);
    expect(inputArguments(['--input', 'some/dir/file.csv'], none)).toEqual(['--input', 'some/dir/file.csv']);
    // Only the value after --input is resolved; forecast files stay as given.
    expect(inputArguments(['--input', 'a.csv', 'f.csv'], none)).toEqual(['--input', join(defaultDataDir(), 'a.csv'), 'f.csv']);
  });
});
