/** Where each front-end keeps its credential (this device only). */
export type Surface = 'kiosk' | 'merch' | 'app';

const key = (surface: Surface) => `mirrorfit.${surface}.token`;

export function loadToken(surface: Surface): string | null {
  try {
    return localStorage.getItem(key(surface));
  } catch {
    return null;
  }
}

export function saveToken(surface: Surface, token: string | null): void {
  if (token) localStorage.setItem(key(surface), token);
  else localStorage.removeItem(key(surface));
}
