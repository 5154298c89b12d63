import { gtinCheckDigit, inStoreGtin13, isValidGtin } from './gtin';

describe('GTIN', () => {
  it('computes GS1 check digits', () => {
    expect(gtinCheckDigit('400638133393')).toBe(1); // 4006381333931, a well-known example
    expect(isValidGtin('4006381333931')).toBe(true);
    expect(isValidGtin('4006381333932')).toBe(false);
    expect(isValidGtin('96385074')).toBe(true); // GTIN-8
    expect(isValidGtin('12345')).toBe(false);
  });

  it('makes valid in-store GTIN-13s', () => {
    for (const n of [0, 1, 42, 99999]) {
      const code = inStoreGtin13(n);
      expect(code).toMatch(/^2\d{12}$/);
      expect(isValidGtin(code)).toBe(true);
    }
  });
});
