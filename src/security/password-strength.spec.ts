import { passwordProblem } from './password-strength';

describe('passwordProblem', () => {
  it('wants 12 characters', () => {
    expect(passwordProblem('Ab1!Ab1!Ab1', 'alice')).toBe('at least 12 characters');
    expect(passwordProblem('Ab1!Cd2@Ef3#', 'alice')).toBeUndefined();
  });

  it('wants two kinds of character below 16, and accepts a long one-class passphrase', () => {
    expect(passwordProblem('correcthorseb', 'alice')).toMatch(/two kinds/);
    expect(passwordProblem('correcthorsebatterystaple', 'alice')).toBeUndefined();
  });

  it('refuses repetitive, well-known and self-describing passwords', () => {
    expect(passwordProblem('abababababab1', 'alice')).toMatch(/5 different/);
    expect(passwordProblem('Password1234', 'alice')).toMatch(/well-known/);
    expect(passwordProblem('my-Alice-pass-2026', 'alice')).toMatch(/user name/);
  });
});
