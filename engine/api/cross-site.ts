import { AgoraError } from '../errors.js';

/** Methods that change nothing; everything else is checked. */
const SAFE_METHODS = new Set(['GET', 'HEAD', 'OPTIONS']);

/** What the cross-site check needs to know about a request. */
export interface CrossSiteInput {
  method: string;
  headers: Record<string, string | string[] | undefined>;
  /** `protocol://host` the request was addressed to, as the server sees it. */
  ownOrigin: string;
  /** Further origins the app is served under (AGORA_PUBLIC_URL). */
  trustedOrigins: readonly string[];
}

const header = (h: CrossSiteInput['headers'], name: string): string | undefined => {
  const v = h[name];
  return Array.isArray(v) ? v[0] : v;
};

/**
 * Why a state-changing request authenticated by cookie comes from another
 * site, or null when it does not. Browsers send `Sec-Fetch-Site` (which no
 * page can forge) and `Origin`; the first decides when present, so a dev
 * proxy that changes the Host still works. Requests with neither header
 * (curl, scripts) are not browser requests riding on a victim's cookie.
 * Bearer tokens never come from a browser's cookie jar and are exempt.
 */
export function crossSiteReason(input: CrossSiteInput): string | null {
  if (SAFE_METHODS.has(input.method.toUpperCase())) return null;
  const auth = header(input.headers, 'authorization');
  if (auth?.startsWith('Bearer ')) return null;
  const site = header(input.headers, 'sec-fetch-site');
  if (site !== undefined) return site === 'same-origin' || site === 'none' ? null : `Sec-Fetch-Site is ${site}`;
  const origin = header(input.headers, 'origin');
  if (origin === undefined) return null;
  if (origin === input.ownOrigin || input.trustedOrigins.includes(origin)) return null;
  return `Origin ${origin.slice(0, 100)} is not this server`;
}

/** Throws CROSS_SITE_REQUEST when {@link crossSiteReason} finds one. */
export function refuseCrossSite(input: CrossSiteInput): void {
  const reason = crossSiteReason(input);
  if (reason) throw new AgoraError('CROSS_SITE_REQUEST', { reason });
}

/** The origin part of a URL (`https://host:port`), or null when it is not a URL. */
export function originOf(url: string | undefined): string | null {
  if (!url) return null;
  try {
    return new URL(url).origin;
  } catch {
    return null;
  }
}
