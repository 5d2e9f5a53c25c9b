import type { ComponentType } from 'preact';
import { useEffect, useState } from 'preact/hooks';
import type { Session } from './session';

/** What every page gets: its path parameters, the hash's query, the session, and a way to move on. */
export interface PageProps {
  readonly params: Record<string, string>;
  readonly query: URLSearchParams;
  readonly session: Session;
  navigate(hash: string): void;
}

export interface Route {
  /** `/runs/:runId`: segments starting with `:` are parameters. */
  readonly pattern: string;
  readonly page: ComponentType<PageProps>;
}

export interface Location {
  readonly path: string;
  readonly query: URLSearchParams;
}

/**
 * Hash routes (`#/runs/abc?x=1`): the server serves one page for every view, and a reload or a shared
 * link opens the same view. Nothing secret goes in the hash: the token lives in the server's session.
 */
export function currentLocation(): Location {
  const hash = window.location.hash.replace(/^#/, '') || '/';
  const [path = '/', query = ''] = hash.split('?', 2);
  return { path, query: new URLSearchParams(query) };
}

export function navigate(hash: string): void {
  window.location.hash = hash.startsWith('#') ? hash : `#${hash}`;
}

export function useLocation(): Location {
  const [location, setLocation] = useState(currentLocation);
  useEffect(() => {
    const changed = () => setLocation(currentLocation());
    window.addEventListener('hashchange', changed);
    return () => window.removeEventListener('hashchange', changed);
  }, []);
  return location;
}

/** The first route whose pattern matches the path, with its decoded parameters. */
export function matchRoute(routes: readonly Route[], path: string): { route: Route; params: Record<string, string> } | undefined {
  const segments = path.split('/').filter((segment) => segment !== '');
  for (const route of routes) {
    const parts = route.pattern.split('/').filter((part) => part !== '');
    if (parts.length !== segments.length) continue;
    const params: Record<string, string> = {};
    const matches = parts.every((part, index) => {
      const segment = segments[index]!;
      if (part.startsWith(':')) {
        params[part.slice(1)] = decodeURIComponent(segment);
        return true;
      }
      return part === segment;
    });
    if (matches) return { route, params };
  }
  return undefined;
}
