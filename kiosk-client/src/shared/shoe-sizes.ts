/** A size as printed on labels: whole sizes plain, half sizes with ½ ("8½"). */
export function shoeSize(n: number): string {
  const whole = Math.floor(n);
  return n - whole >= 0.25 ? `${whole}½` : String(whole);
}

/**
 * The foot's shoe sizes in the systems the API gives, with the US size on the customer's scale:
 * a man's ["EU 43", "UK 8½", "US 9½"] (men's, which unisex labels print too), a woman's
 * ["EU 38", "UK 5", "US W 7½"] (women's), and both, "US M 9½" and "US W 11", when the sex is not
 * known (e.g. a profile saved before its sex was kept).
 */
export function shoeSizeParts(s: { eu: number; uk: number; us: number; usWomen: number }, sex: string | null | undefined): string[] {
  const us = sex === 'F' ? [`US W ${shoeSize(s.usWomen)}`] : sex === 'M' ? [`US ${shoeSize(s.us)}`] : [`US M ${shoeSize(s.us)}`, `US W ${shoeSize(s.usWomen)}`];
  return [`EU ${shoeSize(s.eu)}`, `UK ${shoeSize(s.uk)}`, ...us];
}

/** {@link shoeSizeParts} on one line: "EU 43 · UK 8½ · US 9½". */
export function shoeSizesText(s: { eu: number; uk: number; us: number; usWomen: number }, sex: string | null | undefined): string {
  return shoeSizeParts(s, sex).join(' · ');
}
