import { compareDecimals, decimalToScaledBigInt, formatScaledBigInt, parseDecimal } from './decimal';

describe('parseDecimal', () => {
  const money = { field: 'unit_cost', min: 0, maxScale: 4 };

  it.each([
    ['12', '12'],
    ['012.50', '12.5'],
    ['+3.000', '3'],
    ['.5', '0.5'],
    ['5.', '5'],
    ['  7.25 ', '7.25'],
    ['0.0000', '0'],
    ['1.2340000', '1.234'], // trailing zeros are not extra precision
  ])('normalises %p to %p', (input, expected) => {
    expect(parseDecimal(input, money)).toEqual({ ok: true, value: expected });
  });

  it('accepts finite JS numbers without passing through exponent notation', () => {
    expect(parseDecimal(19.99, money)).toEqual({ ok: true, value: '19.99' });
    expect(parseDecimal(1e21, { field: 'x', maxScale: 0, maxIntegerDigits: 30 })).toEqual({ ok: true, value: '1000000000000000000000' });
    expect(parseDecimal(1e-7, money).ok).toBe(false);
  });

  it.each([
    ['abc', 'must be a decimal number like 12.5, got "abc"'],
    ['NaN', 'must be a decimal number like 12.5, got "NaN"'],
    ['Infinity', 'must be a decimal number like 12.5, got "Infinity"'],
    ['1e3', 'must be a decimal number like 12.5, got "1e3"'],
    ['1,5', 'must be a decimal number like 12.5, got "1,5"'],
    ['-', 'must be a decimal number like 12.5, got "-"'],
    ['', 'is required'],
    ['-0.01', 'must be at least 0, got "-0.01"'],
    ['1.23456', 'must have at most 4 decimal places, got "1.23456"'],
    ['1234567890123', 'must have at most 12 digits before the decimal point, got "1234567890123"'],
  ])('rejects %p: %s', (input, message) => {
    expect(parseDecimal(input, money)).toEqual({ ok: false, error: { field: 'unit_cost', message } });
  });

  it('rejects NaN and Infinity numbers and non-numeric types', () => {
    expect(parseDecimal(Number.NaN, money)).toEqual({ ok: false, error: { field: 'unit_cost', message: 'must be a finite number, got NaN' } });
    expect(parseDecimal(Number.POSITIVE_INFINITY, money).ok).toBe(false);
    expect(parseDecimal(true, money).ok).toBe(false);
    expect(parseDecimal(null, money).ok).toBe(false);
  });

  it('turns -0 into 0 and keeps exclusive and upper bounds exact', () => {
    expect(parseDecimal('-0.000', money)).toEqual({ ok: true, value: '0' });
    const lot = { field: 'lot_size', min: 0, minExclusive: true, maxScale: 3 };
    expect(parseDecimal('0', lot)).toEqual({ ok: false, error: { field: 'lot_size', message: 'must be greater than 0, got "0"' } });
    expect(parseDecimal('0.001', lot)).toEqual({ ok: true, value: '0.001' });
    expect(parseDecimal('365.001', { field: 'd', max: 365, maxScale: 3 }).ok).toBe(false);
    expect(parseDecimal('365', { field: 'd', max: 365, maxScale: 3 }).ok).toBe(true);
  });
});

describe('decimal arithmetic helpers', () => {
  it('converts between decimal text and scaled BigInt both ways', () => {
    expect(decimalToScaledBigInt('1.5', 3)).toBe(1500n);
    expect(decimalToScaledBigInt('-0.007', 3)).toBe(-7n);
    expect(formatScaledBigInt(1500n, 3)).toBe('1.5');
    expect(formatScaledBigInt(7n, 3)).toBe('0.007');
    expect(formatScaledBigInt(-1234567n, 3)).toBe('-1234.567');
    expect(formatScaledBigInt(0n, 3)).toBe('0');
    expect(() => decimalToScaledBigInt('1.0001', 3)).toThrow(RangeError);
  });

  it('compares decimals exactly', () => {
    expect(compareDecimals('0.1', '0.10')).toBe(0);
    expect(compareDecimals('-1', '0')).toBe(-1);
    expect(compareDecimals('10', '9.999')).toBe(1);
  });
});
