/**
 * Messages for the cart screen from the step that led there (the mirror's items merged into the app
 * cart, with what did not fit). Kept for this tab until the cart screen shows them once.
 */
const KEY = 'mirrorfit:cart-notice';

export function setCartNotice(messages: string[]): void {
  if (messages.length) sessionStorage.setItem(KEY, JSON.stringify(messages));
  else sessionStorage.removeItem(KEY);
}

export function takeCartNotice(): string[] {
  const raw = sessionStorage.getItem(KEY);
  sessionStorage.removeItem(KEY);
  try {
    const parsed: unknown = raw ? JSON.parse(raw) : [];
    return Array.isArray(parsed) ? parsed.filter((m): m is string => typeof m === 'string') : [];
  } catch {
    return [];
  }
}
