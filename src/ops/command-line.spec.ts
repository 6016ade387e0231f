import { splitCommandLine } from './command-line';

describe('splitCommandLine', () => {
  it('splits on whitespace', () => {
    expect(splitCommandLine('  kubectl rollout   undo deploy/api ')).toEqual(['kubectl', 'rollout', 'undo', 'deploy/api']);
  });

  it('keeps quoted words whole, with escapes inside double quotes', () => {
    expect(splitCommandLine(`deploy --message 'roll back now' --note "say \\"hi\\"" a\\ b ""`)).toEqual(['deploy', '--message', 'roll back now', '--note', 'say "hi"', 'a b', '']);
  });

  it('leaves shell syntax as plain characters of an argument (no injection)', () => {
    expect(splitCommandLine('echo $(rm -rf /) && reboot; `id` | tee x')).toEqual(['echo', '$(rm', '-rf', '/)', '&&', 'reboot;', '`id`', '|', 'tee', 'x']);
  });

  it('refuses an unclosed quote and an empty command', () => {
    expect(() => splitCommandLine(`echo 'oops`)).toThrow('unclosed');
    expect(() => splitCommandLine('   ')).toThrow('empty');
  });
});
