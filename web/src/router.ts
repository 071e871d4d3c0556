import { useEffect, useState } from 'react';

/**
 * Hash routes (`#/clearance?placement=…`): the server serves one index.html at `/`, and a
 * reload or a shared link opens the same page. `path` is what follows `#/` up to `?`.
 */
export interface Route {
  path: string;
  params: URLSearchParams;
}

function current(): Route {
  const hash = location.hash.replace(/^#\/?/, '');
  const [path, query = ''] = hash.split('?', 2) as [string, string?];
  return { path, params: new URLSearchParams(query) };
}

/** The current route, re-rendered on navigation. */
export function useRoute(): Route {
  const [route, setRoute] = useState(current);
  useEffect(() => {
    const on = () => setRoute(current());
    window.addEventListener('hashchange', on);
    return () => window.removeEventListener('hashchange', on);
  }, []);
  return route;
}

/** Link target of a page: `href={hrefOf('clearance', { placement: id })}`. */
export function hrefOf(path: string, params?: Record<string, string>): string {
  const query = params ? new URLSearchParams(params).toString() : '';
  return `#/${path}${query ? `?${query}` : ''}`;
}

/** Navigates to a page. */
export function navigate(path: string, params?: Record<string, string>): void {
  location.hash = hrefOf(path, params);
}
