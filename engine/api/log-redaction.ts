/** Query parameters that carry what people search for (names, references): never logged. */
const SENSITIVE_PARAMS = new Set(['q']);
/** Routes whose whole query string is personal (the data subject search). */
const SENSITIVE_ROUTES = ['/api/privacy/'];

/**
 * The URL as it may appear in a log line: values of `q` and every query
 * value of the privacy routes become `[redacted]`, so the access log never
 * names the person someone searched for.
 */
export function redactUrl(url: string): string {
  const at = url.indexOf('?');
  if (at < 0) return url;
  const pathname = url.slice(0, at);
  const all = SENSITIVE_ROUTES.some((r) => pathname.startsWith(r));
  const parts = url.slice(at + 1).split('&').map((pair) => {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair : pair.slice(0, eq);
    let decoded = name;
    try {
      decoded = decodeURIComponent(name.replace(/\+/g, ' '));
    } catch {
      // A malformed name is logged as it came.
    }
    return all || SENSITIVE_PARAMS.has(decoded) ? `${name}=[redacted]` : pair;
  });
  return `${pathname}?${parts.join('&')}`;
}

/** pino serializer of requests: method, redacted URL, no headers (cookies, tokens) at all. */
export function serializeRequest(req: { method: string; url: string; ip?: string; socket?: { remotePort?: number } }): Record<string, unknown> {
  return { method: req.method, url: redactUrl(req.url), remoteAddress: req.ip };
}
