import { useSyncExternalStore, type AnchorHTMLAttributes, type MouseEvent } from 'react';

/**
 * A tiny history-API router: the URL is the state (every page survives a
 * reload), `navigate` pushes or replaces, `<Link>` turns plain clicks into
 * client-side navigation and leaves modified clicks to the browser.
 */

const listeners = new Set<() => void>();
let navigated = false;
/** Whether the user has moved between pages (so headings take focus), not the first load. */
export const hasNavigated = () => navigated;
const notify = () => {
  navigated = true;
  listeners.forEach((l) => l());
};
if (typeof window !== 'undefined') window.addEventListener('popstate', notify);

function subscribe(listener: () => void): () => void {
  listeners.add(listener);
  return () => listeners.delete(listener);
}

const snapshot = () => window.location.pathname + window.location.search;

/** The current path and query, re-rendering on navigation. */
export function useLocation(): { path: string; search: URLSearchParams; href: string } {
  const href = useSyncExternalStore(subscribe, snapshot);
  const url = new URL(href, window.location.origin);
  return { path: url.pathname, search: url.searchParams, href };
}

/**
 * Goes to `to` (path + query) without reloading; `replace` keeps history
 * clean for redirects. `redirect` marks a redirect on arrival (signed out ->
 * sign-in), which leaves focus at the start of the document like a page load.
 */
export function navigate(to: string, options: { replace?: boolean; redirect?: boolean } = {}): void {
  if (to === snapshot()) return;
  if (options.replace) window.history.replaceState(null, '', to);
  else window.history.pushState(null, '', to);
  const before = navigated;
  notify();
  if (options.redirect) navigated = before;
}

/** Replaces the query of the current URL (filters, paging) keeping the path. */
export function setQuery(params: Record<string, string | undefined | null>, options: { replace?: boolean } = {}): void {
  const search = new URLSearchParams(window.location.search);
  for (const [k, v] of Object.entries(params)) {
    if (v === undefined || v === null || v === '') search.delete(k);
    else search.set(k, v);
  }
  const s = search.toString();
  navigate(window.location.pathname + (s ? `?${s}` : ''), options);
}

/**
 * Matches `path` against a pattern like `/cases/:id`; returns the decoded
 * params or null.
 */
export function match(pattern: string, path: string): Record<string, string> | null {
  const p = pattern.split('/').filter(Boolean);
  const s = path.split('/').filter(Boolean);
  if (p.length !== s.length) return null;
  const params: Record<string, string> = {};
  for (let i = 0; i < p.length; i++) {
    if (p[i].startsWith(':')) params[p[i].slice(1)] = decodeURIComponent(s[i]);
    else if (p[i] !== s[i]) return null;
  }
  return params;
}

/** An anchor that navigates client-side on a plain left click. */
export function Link({ href, onClick, ...rest }: AnchorHTMLAttributes<HTMLAnchorElement> & { href: string }) {
  const handle = (e: MouseEvent<HTMLAnchorElement>) => {
    onClick?.(e);
    if (e.defaultPrevented || e.button !== 0 || e.metaKey || e.ctrlKey || e.shiftKey || e.altKey || rest.target) return;
    e.preventDefault();
    navigate(href);
  };
  return <a href={href} onClick={handle} {...rest} />;
}
