import { checkFlags, intFlag, parseArgs } from './args';

describe('parseArgs', () => {
  it('splits the command, positionals and flags', () => {
    const args = parseArgs(['import-usage', 'file.csv', '--seed', '42', '--json', '--out=x.csv']);
    expect(args.command).toBe('import-usage');
    expect(args.positionals).toEqual(['file.csv']);
    expect(args.flags.get('seed')).toBe('42');
    expect(args.flags.get('json')).toBe(true);
    expect(args.flags.get('out')).toBe('x.csv');
  });

  it('rejects unknown flags by name', () => {
    expect(() => checkFlags(parseArgs(['demo', '--skuz', '5']), ['skus'])).toThrow('unknown option --skuz');
  });

  it('reads bounded integers and names the flag when out of range', () => {
    expect(intFlag(parseArgs(['demo', '--skus', '500']), 'skus', 1, 1, 1000)).toBe(500);
    expect(intFlag(parseArgs(['demo']), 'skus', 7, 1, 1000)).toBe(7);
    expect(() => intFlag(parseArgs(['demo', '--skus', '-3']), 'skus', 1, 1, 1000)).toThrow('--skus: expected a whole number from 1 to 1000');
  });
});
