import { roleAllows } from './role-rank';

describe('roleAllows', () => {
  it('lets a higher role do what a lower one may', () => {
    expect(roleAllows('admin', ['approver'])).toBe(true);
    expect(roleAllows('approver', ['viewer'])).toBe(true);
    expect(roleAllows('approver', ['approver'])).toBe(true);
  });

  it('stops a lower role', () => {
    expect(roleAllows('viewer', ['approver'])).toBe(false);
    expect(roleAllows('approver', ['admin'])).toBe(false);
  });

  it('allows any role when none is required', () => {
    expect(roleAllows('viewer', [])).toBe(true);
  });
});
