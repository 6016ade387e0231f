import { isServiceFailure, LabelBudget, operationLabel } from './graphql-operation';

describe('operationLabel', () => {
  it('uses the operation name, or the sorted root fields of an anonymous one', () => {
    expect(operationLabel('ItemsPage', ['items'])).toBe('ItemsPage');
    expect(operationLabel(undefined, ['suppliers', 'items', 'items'])).toBe('anonymous:items,suppliers');
    expect(operationLabel('not a name!', [])).toBe('anonymous');
  });
});

describe('isServiceFailure', () => {
  it("does not count the caller's errors, counts internal and unknown ones", () => {
    expect(isServiceFailure([])).toBe(false);
    expect(isServiceFailure(['BAD_USER_INPUT', 'FORBIDDEN', 'GRAPHQL_VALIDATION_FAILED'])).toBe(false);
    expect(isServiceFailure(['BAD_USER_INPUT', 'INTERNAL_SERVER_ERROR'])).toBe(true);
    expect(isServiceFailure([undefined])).toBe(true);
  });
});

describe('LabelBudget', () => {
  it('admits up to max labels, then folds newcomers into other', () => {
    const budget = new LabelBudget(2);
    expect(['a', 'b', 'c', 'a', 'b', 'd'].map((l) => budget.admit(l))).toEqual(['a', 'b', 'other', 'a', 'b', 'other']);
  });
});
