/** A size as printed on labels: whole sizes plain, half sizes with ½ ("8½"). */
export function shoeSize(n: number): string {
  const whole = Math.floor(n);
  return n - whole >= 0.25 ? `${whole}½` : String(whole);
}

/**
 * The foot's shoe sizes in the systems the API gives ("EU 43 · UK 8½ · US 9½"). US is the men's
 * scale (as the API computes it), which is what unisex and men's labels print.
 */
export function shoeSizesText(s: { eu: number; uk: number; us: number }): string {
  return `EU ${shoeSize(s.eu)} · UK ${shoeSize(s.uk)} · US ${shoeSize(s.us)}`;
}
