/** GS1 check digit of the first n-1 digits of a GTIN. */
export function gtinCheckDigit(body: string): number {
  let sum = 0;
  for (let i = 0; i < body.length; i++) {
    const digit = body.charCodeAt(body.length - 1 - i) - 48;
    sum += digit * (i % 2 === 0 ? 3 : 1);
  }
  return (10 - (sum % 10)) % 10;
}

/** True for a GTIN-8/12/13/14 with a correct check digit. */
export function isValidGtin(code: string): boolean {
  if (!/^(\d{8}|\d{12,14})$/.test(code)) return false;
  return gtinCheckDigit(code.slice(0, -1)) === Number(code[code.length - 1]);
}

/** A GTIN-13 in the GS1 in-store range (prefix 20-29) from a running number. */
export function inStoreGtin13(n: number): string {
  const body = '2' + String(n).padStart(11, '0');
  return body + gtinCheckDigit(body);
}

/**
 * The GTIN-14 form of a GTIN-8/12/13/14 (right-aligned, leading zeros), under which every length of
 * the same code compares equal: UPC-A 036000291452, its EAN-13 form 0036000291452 and 00036000291452
 * are one product. Leading zeros leave the check digit unchanged (its weights count from the right).
 * Matches the expression index idx_variant_gtin14 (`lpad(barcode, 14, '0')`).
 */
export function toGtin14(code: string): string {
  return code.padStart(14, '0');
}

/** Why a scanned code is not a GTIN, or null when it is one. */
export function gtinProblem(code: string): string | null {
  if (!/^(\d{8}|\d{12,14})$/.test(code)) return `${code} is not a GTIN barcode (8, 12, 13 or 14 digits)`;
  if (!isValidGtin(code)) return `${code} is not a valid barcode (its check digit does not match): scan it again`;
  return null;
}
