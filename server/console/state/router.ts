import { useSyncExternalStore } from 'react';

/**
 * Hash routes (#/dashboard, #/households/<id>): the server serves one index.html and
 * never sees the route, so a setup token in #/setup/<token> stays out of its logs.
 */
export interface Route {
  /** First segment: the page's registered path. */
  path: string;
  /** The remaining segments (ids). */
  params: string[];
}

function read(): Route {
  const [path = '', ...params] = window.location.hash
    .replace(/^#\/?/, '')
    .split('/')
    .filter((s) => s.length > 0)
    .map(decodeURIComponent);
  return { path, params };
}

let current = read();
const subscribe = (cb: () => void) => {
  const on = () => {
    current = read();
    cb();
  };
  window.addEventListener('hashchange', on);
  return () => window.removeEventListener('hashchange', on);
};

export function useRoute(): Route {
  return useSyncExternalStore(subscribe, () => current);
}

export function navigate(path: string, ...params: string[]): void {
  window.location.hash = `#/${[path, ...params].map(encodeURIComponent).join('/')}`;
}

export function hrefTo(path: string, ...params: string[]): string {
  return `#/${[path, ...params].map(encodeURIComponent).join('/')}`;
}
