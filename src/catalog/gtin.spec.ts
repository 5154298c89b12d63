import { gtinCheckDigit, gtinProblem, inStoreGtin13, isValidGtin, toGtin14 } from './gtin';

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

describe('GTIN-14 form', () => {
  it('pads every length of one code to the same 14 digits, keeping its check digit valid', () => {
    const forms = ['036000291452', '0036000291452', '00036000291452'];
    expect(new Set(forms.map(toGtin14))).toEqual(new Set(['00036000291452']));
    expect(toGtin14('96385074')).toBe('00000096385074');
    for (const code of [...forms, '96385074', '4006381333931']) expect(isValidGtin(toGtin14(code))).toBe(true);
  });

  it('names what is wrong with a code that is not a GTIN', () => {
    expect(gtinProblem('0036000291452')).toBeNull();
    expect(gtinProblem('96385074')).toBeNull();
    expect(gtinProblem('0036000291453')).toMatch(/check digit/);
    expect(gtinProblem('123456789')).toMatch(/8, 12, 13 or 14 digits/);
  });
});
