import { useSyncExternalStore, type MouseEvent } from 'react';

/**
 * Client-side routing on `location.pathname` under /app (the server answers every /app path with
 * the same page). The fragment carries the one-time QR token, so it is kept as it is: it never
 * reaches the server, and it survives signing in because signing in does not navigate.
 */
export type Route =
  | { name: 'home' }
  | { name: 'scan' }
  | { name: 'claim'; token: string | null }
  | { name: 'cart' }
  | { name: 'orders' }
  | { name: 'profile' }
  | { name: 'sign-in'; token: string | null }
  | { name: 'not-found' };

const CHANGE = 'mirrorfit:navigate';

function subscribe(onChange: () => void): () => void {
  window.addEventListener('popstate', onChange);
  window.addEventListener('hashchange', onChange);
  window.addEventListener(CHANGE, onChange);
  return () => {
    window.removeEventListener('popstate', onChange);
    window.removeEventListener('hashchange', onChange);
    window.removeEventListener(CHANGE, onChange);
  };
}

const snapshot = () => location.pathname + location.hash;

export function parseRoute(pathname: string, hash: string): Route {
  const path = pathname.replace(/\/+$/, '') || '/app';
  const token = hash.replace(/^#/, '') || null;
  switch (path) {
    case '/app':
    case '/app/index.html':
      return { name: 'home' };
    case '/app/scan':
      return { name: 'scan' };
    case '/app/claim':
      return { name: 'claim', token };
    case '/app/cart':
      return { name: 'cart' };
    case '/app/orders':
      return { name: 'orders' };
    case '/app/profile':
      return { name: 'profile' };
    case '/app/sign-in':
      return { name: 'sign-in', token };
    default:
      return { name: 'not-found' };
  }
}

/** The current route; re-renders on back/forward and on navigate(). */
export function useRoute(): Route {
  const current = useSyncExternalStore(subscribe, snapshot);
  const hashAt = current.indexOf('#');
  return parseRoute(hashAt < 0 ? current : current.slice(0, hashAt), hashAt < 0 ? '' : current.slice(hashAt));
}

export function navigate(to: string, options: { replace?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) history.replaceState(null, '', to);
  else history.pushState(null, '', to);
  window.dispatchEvent(new Event(CHANGE));
  window.scrollTo(0, 0);
}

/** Props for an `<a>` (or `component="a"` button) that navigates in place but stays a real link. */
export function linkProps(to: string): { href: string; onClick: (e: MouseEvent) => void } {
  return {
    href: to,
    onClick: (e: MouseEvent) => {
      if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey) return;
      e.preventDefault();
      navigate(to);
    },
  };
}
