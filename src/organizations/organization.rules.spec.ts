import { binCheckDigit, binProblem } from './organization.rules';

describe('BIN check digit', () => {
  it('accepts a BIN whose 12th digit is the weighted sum of the first eleven modulo 11', () => {
    // 1·9+2·9+3·0+4·1+5·4+6·0+7·0+8·0+9·0+10·0+11·1 = 62; 62 mod 11 = 7
    expect(binCheckDigit('99014000001')).toBe(7);
    expect(binProblem('990140000017')).toBeUndefined();
  });

  it('uses the second weights when the first sum gives 10', () => {
    // first weights: digit 10 is 1, weight 10 → 10; second weights: weight 1 → 1
    expect(binCheckDigit('00000000010')).toBe(1);
    expect(binProblem('000000000101')).toBeUndefined();
  });

  it('refuses a wrong check digit, and anything but 12 digits', () => {
    expect(binProblem('990140000011')).toBe('CHECKSUM');
    expect(binProblem('99014000001')).toBe('FORMAT');
    expect(binProblem('99014000001a')).toBe('FORMAT');
  });
});
