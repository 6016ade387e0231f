import { parseBoolean } from './boolean';

describe('parseBoolean', () => {
  it('understands true/false/1/0/yes/no in any case', () => {
    for (const word of ['true', 'TRUE', '1', 'Yes']) expect(parseBoolean(word, 'active')).toEqual({ ok: true, value: true });
    for (const word of ['false', '0', 'NO']) expect(parseBoolean(word, 'active')).toEqual({ ok: true, value: false });
    expect(parseBoolean('maybe', 'active').ok).toBe(false);
  });
});
